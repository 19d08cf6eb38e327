import { ConfigError } from "../errors/ConfigError";
import type { Overrides } from "./createOverrides";
import type { OrderCancels } from "./createOrderCancels";
import { killSwitchTarget, setKillSwitch } from "./setKillSwitch";
import type { ArmKillSwitchResult, KillSwitchParameters, Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** Who the cancels of an armed switch are released by, in the audit log. */
export const KILL_SWITCH_ACTOR = "kill-switch";

/** The kill-switch use cases of one Warden, plus what createWarden needs to drive them. */
export type KillSwitches = Pick<Warden, "armKillSwitch" | "disarmKillSwitch" | "killSwitchReports"> & {
  /** Arms with more facts for the audit record (the start-up recovery's cause). */
  arm(p: KillSwitchParameters, extra?: Record<string, unknown>): Promise<ArmKillSwitchResult>;
  /** Resolves once every cancel under way has finished (before the store closes). */
  settle(): Promise<void>;
};

/**
 * The kill switch as a use case. Arming needs only an actor and a reason (stopping is never held
 * up): it resolves as soon as the switch is recorded — signing has stopped — with the cancel of
 * the resting orders it covers already under way (`cancel`, a report that never rejects; the
 * report is also audited and kept for `killSwitchReports`). Disarming is an override (seed 001),
 * judged and audited by the ManualOverrideAuditor before the switch changes: a non-blank
 * justification, the requestor's rate limit shared with every other override; the global switch
 * does not refuse its own disarm.
 *
 * @param ctx - The Warden's ports.
 * @param deps - The override auditor and the order cancels.
 * @returns The kill-switch operations.
 * @example
 * const { cancel } = await switches.armKillSwitch({ scope: "strategy", strategy_id: "nba-mm", actor: "risk", reason: "runaway quoting" });
 * (await cancel).failed; // orders whose cancel the CLOB did not confirm (exposure kept)
 */
export function createKillSwitches(ctx: WardenContext, { overrides, cancels }: { overrides: Pick<Overrides, "requestAction">; cancels: OrderCancels }): KillSwitches {
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  const arm = async (p: KillSwitchParameters, extra: Record<string, unknown> = {}): Promise<ArmKillSwitchResult> => {
    const { record, revoked_sessions } = await setKillSwitch(ctx, p, true, extra);
    return { switch: record, revoked_sessions, cancel: track(cancels.forSwitch(record, KILL_SWITCH_ACTOR)) };
  };
  return {
    arm,
    armKillSwitch: (p) => arm(p),
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
    killSwitchReports: () => ({ cancels: cancels.reports() }),
    async settle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
