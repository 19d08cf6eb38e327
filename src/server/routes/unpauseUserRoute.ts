import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { overrideFields } from "./schemas";

const body = z.strictObject(overrideFields);

/** `POST /v1/kill-switch/unpause-user` (risk): lifting the exchanges' pause of the wallet is an override. */
export const unpauseUserRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/kill-switch/unpause-user",
  role: "risk",
  summary: "Lift the exchanges' pause of the wallet (an override; refused while the global switch is armed).",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    const r = await warden.unpauseUser({ operator_id: req.operator?.id ?? "", requestor_id: b.requestor_id, justification: b.justification ?? "" });
    return { decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote, report: r.report };
  },
});
