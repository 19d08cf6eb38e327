import type { Hex } from "viem";
import { killSwitchCovers } from "../core/killSwitchCovers";
import type { KillSwitchRecord } from "../core/SessionRecord";
import { ConfigError } from "../errors/ConfigError";
import { UNASSIGNED_CLUSTER } from "../market/types";
import type { KillSwitchParameters } from "./Warden";
import type { WardenContext } from "./WardenContext";

const problem = (text: string) => new ConfigError({ subject: "kill switch", problems: `✖ ${text}` });

/**
 * The switch a request names: its scope and target (`*` for global, else the cluster id, strategy
 * id or family), checked against the configuration, so that a typo never arms a switch that covers
 * nothing: a cluster must be configured (`market_data.clusters`, or `unassigned`), a family must
 * be some strategy's `strategies.<id>.family`.
 *
 * @param live - The configuration in force.
 * @param p - The request.
 * @returns `{ scope, target }`.
 * @throws {ConfigError} naming the missing or unknown field.
 * @example
 * killSwitchTarget(ctx.live, { scope: "family", family: "market-makers", actor, reason }) // { scope: "family", target: "market-makers" }
 */
export function killSwitchTarget(live: WardenContext["live"], p: Pick<KillSwitchParameters, "scope" | "strategy_id" | "cluster_id" | "family">): Pick<KillSwitchRecord, "scope" | "target"> {
  switch (p.scope) {
    case "global":
      return { scope: "global", target: "*" };
    case "strategy":
      if (typeof p.strategy_id !== "string" || p.strategy_id === "") throw problem("strategy_id is required for a strategy kill switch");
      return { scope: "strategy", target: p.strategy_id };
    case "cluster": {
      if (typeof p.cluster_id !== "string" || p.cluster_id === "") throw problem("cluster_id is required for a cluster kill switch");
      const clusters = Object.keys(live.config.market_data.clusters);
      if (p.cluster_id !== UNASSIGNED_CLUSTER && !clusters.includes(p.cluster_id))
        throw problem(`cluster_id ${JSON.stringify(p.cluster_id)} is not a cluster of market_data.clusters; use one of ${[...clusters, UNASSIGNED_CLUSTER].join(", ")}`);
      return { scope: "cluster", target: p.cluster_id };
    }
    case "family": {
      if (typeof p.family !== "string" || p.family === "") throw problem("family is required for a bot-family kill switch");
      const families = [...new Set(Object.values(live.config.strategies).map((s) => s.family))];
      if (!families.includes(p.family))
        throw problem(`family ${JSON.stringify(p.family)} is no strategy's strategies.<id>.family; ${families.length ? `use one of ${families.join(", ")}` : "configure strategies.<id>.family first"}`);
      return { scope: "family", target: p.family };
    }
    default:
      throw problem("scope must be global, cluster, strategy or family");
  }
}

/**
 * Arms or disarms a kill switch, audited with actor and reason. Arming revokes every session it
 * covers (seed 000: the global switch all of them, a strategy or family switch its strategies'),
 * in the same atomic step; a cluster switch revokes none (sessions are bound to strategies, not
 * markets: the KillSwitch guard denies that cluster's orders instead). A disarm never brings a
 * session back. Signing sees the change as soon as this is called (the store applies it before
 * it is durable, and a decision in flight that read the old state fails its commit and is decided
 * again).
 *
 * @param ctx - The Warden's ports.
 * @param p - Scope, its target (strategy, cluster or family), actor and reason.
 * @param armed - Arm or disarm.
 * @param extra - More facts for the audit record.
 * @returns The switch as recorded and the sessions it revoked.
 * @throws {ConfigError} when the target, actor or reason is missing or unknown.
 * @example
 * await setKillSwitch(ctx, { scope: "global", actor: "risk-team", reason: "venue incident" }, true)
 */
export async function setKillSwitch(
  ctx: Pick<WardenContext, "store" | "logger" | "now" | "live">,
  p: KillSwitchParameters,
  armed: boolean,
  extra: Record<string, unknown> = {},
): Promise<{ record: KillSwitchRecord; revoked_sessions: Hex[] }> {
  const { scope, target } = killSwitchTarget(ctx.live, p);
  if (!p.actor || !p.reason) throw problem("actor and reason are required: every kill-switch change is audited");
  const at = ctx.now();
  const revoke = armed
    ? (await ctx.store.listSessions())
        .filter((s) => s.revoked_at_ms === null && killSwitchCovers({ scope, target }, { strategy_id: s.scope.strategy_id, family: ctx.live.familyOf(s.scope.strategy_id), cluster_id: null }))
        .map((s) => s.session_id)
    : [];
  const record: KillSwitchRecord = { scope, target, armed, changed_at_ms: at, actor: p.actor, reason: p.reason };
  await ctx.store.setKillSwitch(record, revoke, {
    kind: "kill_switch",
    at_ms: at,
    payload: { reason_code: armed ? "KILL_SWITCH_ACTIVE" : null, scope, target, armed, actor: p.actor, reason: p.reason, revoked_sessions: revoke, ...extra },
  });
  ctx.logger.warn({ scope, target, armed, actor: p.actor, revoked: revoke.length }, armed ? "kill switch armed" : "kill switch disarmed");
  return { record, revoked_sessions: revoke };
}
