import { ConfigError } from "../errors/ConfigError";
import type { Overrides } from "./createOverrides";
import { killSwitchTarget, setKillSwitch } from "./setKillSwitch";
import type { Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/**
 * The kill switch as a use case. Arming needs only an actor and a reason (stopping is never held
 * up); disarming is an override (seed 001), judged and audited by the ManualOverrideAuditor before
 * the switch changes: a non-blank justification, the requestor's rate limit shared with every
 * other override; the global switch does not refuse its own disarm.
 *
 * @param ctx - The Warden's ports.
 * @param overrides - The Warden's override auditor.
 * @returns `armKillSwitch` and `disarmKillSwitch`.
 * @example
 * const switches = createKillSwitches(ctx, overrides);
 * await switches.disarmKillSwitch({ scope: "global", requestor_id: "ops-1", justification: "INC-42 closed, open orders checked" });
 */
export function createKillSwitches(ctx: WardenContext, overrides: Pick<Overrides, "requestAction">): Pick<Warden, "armKillSwitch" | "disarmKillSwitch"> {
  return {
    async armKillSwitch(p) {
      await setKillSwitch(ctx, p, true);
    },
    async disarmKillSwitch(p) {
      if (typeof p.requestor_id !== "string" || p.requestor_id.trim() === "")
        throw new ConfigError({ subject: "kill switch", problems: "✖ requestor_id is required: a disarm is an override, rate-limited per requestor" });
      // Named and checked first: a typo is a 400, not an audited override that counts against the limit.
      const { scope, target } = killSwitchTarget(ctx.live, p);
      const justification = typeof p.justification === "string" ? p.justification : "";
      return overrides.requestAction({ requestor_id: p.requestor_id, justification, action: "kill_switch_disarm", target: `kill_switch.${scope}:${target}` }, async () => {
        await setKillSwitch(ctx, { ...p, actor: p.requestor_id, reason: justification }, false, { override: "kill_switch_disarm" });
      });
    },
  };
}
