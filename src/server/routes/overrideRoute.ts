import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { label, overrideFields } from "./schemas";

const body = z.strictObject({ ...overrideFields, target: label("target", 200), value: z.unknown() });

/**
 * `POST /v1/overrides` (risk): seed 001's audited guardrail change. The rate limit counts the
 * token's id; the body cannot name the operator (an `operator_id` field is refused as unknown).
 */
export const overrideRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/overrides",
  role: "risk",
  summary: "Change a guardrail at run time: justified, rate-limited per token, audited.",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    const r = await warden.requestOverride({ operator_id: req.operator?.id ?? "", requestor_id: b.requestor_id, justification: b.justification ?? "", target: b.target, value: b.value });
    return { decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote };
  },
});
