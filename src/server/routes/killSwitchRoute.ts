import { z } from "zod";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { label, overrideFields } from "./schemas";

const body = z.strictObject({
  scope: z.enum(["global", "cluster", "strategy", "family"], { error: "scope must be global, cluster, strategy or family" }),
  strategy_id: label("strategy_id", 64).optional(),
  cluster_id: label("cluster_id", 128).optional(),
  family: label("family", 64).optional(),
  armed: z.boolean({ error: "armed is required: true (with actor, reason) or false (with requestor_id, justification)" }),
  actor: label("actor", 100).optional(),
  reason: label("reason", 2000).optional(),
  requestor_id: overrideFields.requestor_id.optional(),
  justification: overrideFields.justification,
});

/**
 * `POST /v1/kill-switch` (risk): arming needs an actor and a reason and answers once the switch is
 * recorded; disarming is an override (requestor_id, justification), 403 with the auditor's code when refused.
 */
export const killSwitchRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/kill-switch",
  role: "risk",
  summary: "Arm a kill switch, or disarm one through the override auditor.",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    const which = { scope: b.scope, ...(b.strategy_id !== undefined ? { strategy_id: b.strategy_id } : {}), ...(b.cluster_id !== undefined ? { cluster_id: b.cluster_id } : {}), ...(b.family !== undefined ? { family: b.family } : {}) };
    if (b.armed) {
      const r = await warden.armKillSwitch({ ...which, actor: b.actor ?? "", reason: b.reason ?? "" });
      return { scope: r.switch.scope, target: r.switch.target, armed: true, revoked_sessions: r.revoked_sessions.length };
    }
    if (b.requestor_id === undefined) throw new HttpError(400, { error: "invalid_request", field: "requestor_id", fix: ["requestor_id is required to disarm: name who asks"] });
    const r = await warden.disarmKillSwitch({ ...which, operator_id: req.operator?.id ?? "", requestor_id: b.requestor_id, justification: b.justification ?? "" });
    return { scope: b.scope, armed: false, decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote };
  },
});
