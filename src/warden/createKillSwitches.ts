import type { SafeSessionAdmin } from "../chain/createSafeSessionAdmin";
import type { UserPauser, UserPauseReport } from "../chain/createUserPauser";
import type { ReasonCode } from "../core/reasonCodes";
import { ConfigError } from "../errors/ConfigError";
import type { Overrides } from "./createOverrides";
import type { OrderCancels } from "./createOrderCancels";
import { killSwitchTarget, setKillSwitch } from "./setKillSwitch";
import type { ArmKillSwitchResult, KillSwitchAlert, KillSwitchParameters, Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** The module strategy indices of these sessions' grants (sorted, each once); never rejects. */
async function safeStrategyIndicesOf(ctx: WardenContext, admin: SafeSessionAdmin, sessionIds: readonly string[]): Promise<number[]> {
  // The index each session's own grant gives the module: what the module pauses, whatever the
  // strategy-index map says now (two instances assigning at once can overwrite each other's entry).
  const out = new Set<number>();
  for (const id of sessionIds) {
    try {
      const s = await ctx.store.getSession(id as `0x${string}`);
      const index = s?.safe_grant ? admin.strategyIndexOf(s.safe_grant) : undefined;
      if (index !== undefined) out.add(index);
      else if (s?.safe_grant) ctx.logger.error({ component: "pause-user", session_id: id }, "cannot decode the session's grant: its strategy is not paused on-chain");
    } catch {
      ctx.logger.error({ component: "pause-user", session_id: id }, "cannot read the session: its strategy is not paused on-chain");
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Who the cancels of an armed switch are released by, in the audit log. */
export const KILL_SWITCH_ACTOR = "kill-switch";
/** Who releases the orders Warden retires for being older than `kill_switch.max_resting_s`. */
export const RETIRE_ACTOR = "max-resting";

/** The kill-switch use cases of one Warden, plus what createWarden needs to drive them. */
export type KillSwitches = Pick<Warden, "armKillSwitch" | "disarmKillSwitch" | "unpauseUser" | "killSwitchReports" | "retireRestingOrders"> & {
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
 * does not refuse its own disarm. With `kill_switch.pause_user`, arming the global switch also
 * sends `pauseUser()` from the wallet to every exchange, or in safe-module mode has the guardian
 * call the module's `pauseSafe(safe, true)` (`pause_user`, a report that never rejects); lifting
 * it (`unpauseUser`) is an override too, refused while the global switch is armed, and refused
 * outright for the guardian's pause (the Safe's owners lift it on-chain). With `kill_switch.max_resting_s`, `retireRestingOrders` cancels Warden's own orders
 * older than that by id (released once the cancel is confirmed, actor `max-resting`).
 *
 * @param ctx - The Warden's ports.
 * @param deps - The override auditor and the order cancels.
 * @returns The kill-switch operations.
 * @example
 * const { cancel } = await switches.armKillSwitch({ scope: "strategy", strategy_id: "nba-mm", actor: "risk", reason: "runaway quoting" });
 * (await cancel).failed; // orders whose cancel the CLOB did not confirm (exposure kept)
 */
export function createKillSwitches(
  ctx: WardenContext,
  {
    overrides,
    cancels,
    pauser,
    listOpenOrders,
    onAlert,
  }: { overrides: Pick<Overrides, "requestAction">; cancels: OrderCancels; pauser: UserPauser | null; listOpenOrders: Warden["listOpenOrders"]; onAlert?: (alert: KillSwitchAlert) => void },
): KillSwitches {
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  const pauses: UserPauseReport[] = [];
  const settled = new Set<string>();
  const log = ctx.logger.child({ component: "pause-user" });
  /** Runs a pause or unpause, keeps, audits and (when incomplete) raises its report; never rejects. */
  const onChain = async (action: "pause" | "unpause", by: string, strategies?: readonly number[]): Promise<UserPauseReport> => {
    const p = pauser as UserPauser;
    const report = await (strategies && p.pauseStrategies ? p.pauseStrategies(strategies) : action === "pause" ? p.pause() : (p.unpause as () => Promise<UserPauseReport>)());
    pauses.push(report);
    if (pauses.length > 50) pauses.shift();
    const failed: ReasonCode = "KILL_SWITCH_PAUSE_USER_FAILED";
    try {
      await ctx.store.appendAudit({ kind: "kill_switch", at_ms: report.finished_at_ms, payload: { event: "pause_user_report", reason_code: report.status === "complete" ? null : failed, actor: by, ...report } });
    } catch {
      log.error({ report_id: report.id }, "pauseUser report could not be audited: store unavailable");
    }
    const summary = { report_id: report.id, action, status: report.status, exchanges: report.exchanges.map((e) => `${e.exchange}:${e.outcome}`) };
    if (report.status === "complete") log.warn(summary, action === "pause" ? "pauseUser sent: the exchanges stop matching the wallet's orders from their effective block" : "unpauseUser sent");
    else {
      log.error({ ...summary, alert: "KillSwitchPauseUserFailed", reason_code: failed }, `${action}User did not reach every exchange`);
      try {
        onAlert?.({ alert: "KillSwitchPauseUserFailed", report });
      } catch {
        log.error({ report_id: report.id }, "alert callback threw");
      }
    }
    return report;
  };
  const arm = async (p: KillSwitchParameters, extra: Record<string, unknown> = {}): Promise<ArmKillSwitchResult> => {
    const { record, revoked_sessions } = await setKillSwitch(ctx, p, true, extra);
    // safe-module mode: a revoked session's key is destroyed, as on any revocation (the owners' revokeSession, or the guardian's pause, ends it on-chain).
    for (const id of revoked_sessions) ctx.safeSessions?.discard(id);
    const cancel = track(cancels.forSwitch(record, KILL_SWITCH_ACTOR));
    let pause_user: Promise<UserPauseReport | null> | null = record.scope === "global" && pauser ? track(onChain("pause", KILL_SWITCH_ACTOR)) : null;
    // safe-module with the guardian: a narrower switch pauses the strategies of the sessions it
    // revoked, on-chain too. Started here, not awaited: finding their module indices reads the
    // store, and the switch answers as soon as it is recorded (null once none has an index).
    if (!pause_user && pauser?.pauseStrategies && ctx.safeSessions && revoked_sessions.length > 0)
      pause_user = track(safeStrategyIndicesOf(ctx, ctx.safeSessions, revoked_sessions).then((indices) => (indices.length > 0 ? onChain("pause", KILL_SWITCH_ACTOR, indices) : null)));
    return { switch: record, revoked_sessions, cancel, pause_user };
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
      return overrides.requestAction({ ...(p.operator_id ? { operator_id: p.operator_id } : {}), requestor_id: p.requestor_id, justification, action: "kill_switch_disarm", target: `kill_switch.${scope}:${target}` }, async () => {
        await setKillSwitch(ctx, { ...p, actor: p.requestor_id, reason: justification }, false, { override: "kill_switch_disarm" });
      });
    },
    async unpauseUser(p) {
      if (!pauser) throw new ConfigError({ subject: "kill switch", problems: "✖ kill_switch.pause_user is not configured: there is no pause to lift" });
      if (!pauser.unpause) throw new ConfigError({ subject: "kill switch", problems: `✖ ${pauser.unpauseRefusal ?? "this pause cannot be lifted from Warden"}` });
      if (typeof p.requestor_id !== "string" || p.requestor_id.trim() === "")
        throw new ConfigError({ subject: "kill switch", problems: "✖ requestor_id is required: lifting pauseUser is an override, rate-limited per requestor" });
      let report: UserPauseReport | null = null;
      const r = await overrides.requestAction(
        { ...(p.operator_id ? { operator_id: p.operator_id } : {}), requestor_id: p.requestor_id, justification: typeof p.justification === "string" ? p.justification : "", action: "exchange_unpause", target: "exchange.unpause_user" },
        async () => {
          report = await track(onChain("unpause", p.requestor_id));
        },
      );
      return { ...r, report: report as unknown as UserPauseReport };
    },
    killSwitchReports: () => ({ cancels: cancels.reports(), pause_user: [...pauses] }),
    async retireRestingOrders() {
      const maxS = ctx.live.config.kill_switch.max_resting_s;
      if (maxS === undefined) return null;
      const cutoff = ctx.now() - maxS * 1000;
      // An order the CLOB already called gone is not asked about again (the watcher or the TTL settles it).
      const old = (await listOpenOrders()).filter((o) => o.at_ms < cutoff && !settled.has(o.order_hash));
      if (old.length === 0) return null;
      const report = await track(cancels.orders(old, "max_resting", RETIRE_ACTOR));
      for (const o of report.already_gone) settled.add(o.order_hash);
      return report;
    },
    async settle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
