import { killSwitchCovers } from "../core/killSwitchCovers";
import type { Guard } from "./Guard";

/** Parameters of {@link killSwitchGuard}. */
export type KillSwitchGuardParameters = {
  /** The strategy's bot family (`strategies.<id>.family` of the configuration); none by default. */
  familyOf?: (strategyId: string) => string | null;
};

/**
 * KillSwitch (seed 003: always first, never shadowed). Denies with `KILL_SWITCH_ACTIVE` when an
 * armed switch covers the request: the global switch, the session's (or the claimed) strategy,
 * that strategy's bot family, or — for an order — the cluster of the order's market. Sessions are
 * bound to strategies, not markets, so a cluster switch is enforced here, order by order. When a
 * cluster switch is armed and the order's cluster cannot be established (market metadata missing
 * or stale), it denies with `KILL_SWITCH_DATA_UNAVAILABLE` (fail closed).
 *
 * @param parameters - `{ familyOf? }`.
 * @returns The guard.
 * @example
 * runPipeline([killSwitchGuard({ familyOf: (id) => config.strategies[id]?.family ?? null }), ...], intent, ctx)
 */
export function killSwitchGuard({ familyOf = () => null }: KillSwitchGuardParameters = {}): Guard {
  return {
    bot_id: "risk.killswitch",
    mode: "hard_guard",
    dataUnavailableCode: "KILL_SWITCH_DATA_UNAVAILABLE",
    evaluate(intent, ctx) {
      const strategies = [...new Set([ctx.session.scope.strategy_id, ctx.claimed_strategy_id])];
      // The order's cluster, looked up only once a cluster switch is armed (it reads market metadata).
      let cluster: string | null | undefined;
      for (const k of ctx.kill_switches) {
        if (!k.armed) continue;
        if (k.scope === "cluster" && cluster === undefined) {
          if (intent.kind !== "order") cluster = null; // ClobAuth and unsignables are on no market
          else {
            const lookup = ctx.risk?.cluster;
            if (lookup?.status !== "ok")
              return {
                deny: { reason_code: "KILL_SWITCH_DATA_UNAVAILABLE", evidence: { scope: k.scope, target: k.target, problem: `cluster ${lookup?.reason ?? "unknown"}` } },
                inputs_used: ["internal.killswitch", "market.cluster"],
              };
            cluster = lookup.clusterId;
          }
        }
        for (const strategy_id of strategies) {
          if (killSwitchCovers(k, { strategy_id, family: familyOf(strategy_id), cluster_id: cluster ?? null }))
            return {
              deny: { reason_code: "KILL_SWITCH_ACTIVE", evidence: { scope: k.scope, target: k.target } },
              inputs_used: cluster === undefined ? ["internal.killswitch"] : ["internal.killswitch", "market.cluster"],
            };
        }
      }
      return { inputs_used: cluster === undefined ? ["internal.killswitch"] : ["internal.killswitch", "market.cluster"] };
    },
  };
}
