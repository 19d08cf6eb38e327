import type { Guard } from "./Guard";

/**
 * KillSwitch (seed 003: always first, never shadowed). Denies with `KILL_SWITCH_ACTIVE` when the
 * global switch or the session's strategy switch is armed.
 *
 * @example
 * runPipeline([killSwitchGuard(), ...], intent, ctx)
 */
export function killSwitchGuard(): Guard {
  return {
    bot_id: "risk.killswitch",
    mode: "hard_guard",
    dataUnavailableCode: "KILL_SWITCH_DATA_UNAVAILABLE",
    evaluate(_intent, ctx) {
      const strategies = new Set([ctx.session.scope.strategy_id, ctx.claimed_strategy_id]);
      for (const k of ctx.kill_switches) {
        if (!k.armed) continue;
        if (k.scope === "global" || (k.scope === "strategy" && strategies.has(k.target))) {
          return {
            deny: { reason_code: "KILL_SWITCH_ACTIVE", evidence: { scope: k.scope, target: k.target } },
            inputs_used: ["internal.killswitch"],
          };
        }
      }
      return { inputs_used: ["internal.killswitch"] };
    },
  };
}
