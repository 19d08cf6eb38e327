import { ConfigError } from "../errors/ConfigError";
import type { KillSwitchParameters } from "./Warden";
import type { WardenContext } from "./WardenContext";

/**
 * Arms or disarms a kill switch, audited with actor and reason. Arming revokes every session it
 * covers (seed 000), in the same atomic step; a disarm never brings them back.
 *
 * @param ctx - The Warden's ports.
 * @param p - Scope, strategy (for a strategy switch), actor and reason.
 * @param armed - Arm or disarm.
 * @param extra - More facts for the audit record.
 * @throws {ConfigError} when the strategy, actor or reason is missing.
 * @example
 * await setKillSwitch(ctx, { scope: "global", actor: "risk-team", reason: "venue incident" }, true)
 */
export async function setKillSwitch(
  ctx: Pick<WardenContext, "store" | "logger" | "now">,
  p: KillSwitchParameters,
  armed: boolean,
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (p.scope === "strategy" && !p.strategy_id)
    throw new ConfigError({ subject: "kill switch", problems: "✖ strategy_id is required for a strategy kill switch" });
  if (!p.actor || !p.reason)
    throw new ConfigError({ subject: "kill switch", problems: "✖ actor and reason are required: every kill-switch change is audited" });
  const at = ctx.now();
  const target = p.scope === "global" ? "*" : (p.strategy_id as string);
  const revoke = armed
    ? (await ctx.store.listSessions())
        .filter((s) => s.revoked_at_ms === null && (p.scope === "global" || s.scope.strategy_id === target))
        .map((s) => s.session_id)
    : [];
  await ctx.store.setKillSwitch({ scope: p.scope, target, armed, changed_at_ms: at, actor: p.actor, reason: p.reason }, revoke, {
    kind: "kill_switch",
    at_ms: at,
    payload: { reason_code: armed ? "KILL_SWITCH_ACTIVE" : null, scope: p.scope, target, armed, actor: p.actor, reason: p.reason, revoked_sessions: revoke, ...extra },
  });
  ctx.logger.warn({ scope: p.scope, target, armed, actor: p.actor, revoked: revoke.length }, armed ? "kill switch armed" : "kill switch disarmed");
}
