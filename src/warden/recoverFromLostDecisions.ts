import { setKillSwitch } from "./setKillSwitch";
import type { KillSwitchParameters } from "./Warden";
import type { WardenContext } from "./WardenContext";

/**
 * After a run that may have lost its last decisions (power loss at `store.synchronous = NORMAL`, or
 * a run nobody knows the end of), nothing is signed on that state until a person has looked: every
 * pending grant is void and the global kill switch is armed, which revokes every session.
 *
 * @param ctx - The Warden's ports.
 * @param arm - How the switch is armed (default: record it only; createWarden passes the kill-switch
 *   use case, which also cancels every resting order of the wallet on the CLOB).
 * @example
 * await recoverFromLostDecisions(ctx)
 */
export async function recoverFromLostDecisions(
  ctx: Pick<WardenContext, "store" | "logger" | "now" | "live">,
  arm: (p: KillSwitchParameters, extra: Record<string, unknown>) => Promise<unknown> = (p, extra) => setKillSwitch(ctx, p, true, extra),
): Promise<void> {
  const { store, logger, now } = ctx;
  const startup = await store.startup();
  if (!startup.decisions_may_be_lost) return;
  // A grant redeemed in the lost moments is pending again; redeeming it now would bring back its
  // session with a budget spent from zero. Every pending grant is void: the owner asks anew.
  await store.discardPendingGrants((grant_ids) => ({ kind: "grants_discarded", at_ms: now(), payload: { grant_ids, cause: startup.loss_cause } }));
  await arm(
    {
      scope: "global",
      actor: "warden",
      reason: `${
        startup.loss_cause === "previous_run_unknown"
          ? "the store was last run by a Warden that kept no run marker, so how that run ended is unknown"
          : "the previous run ended without a clean shutdown on an earlier boot of this machine, at store.synchronous = NORMAL"
      }: decisions from its last moments may be missing; check the wallet's open orders on the CLOB, then disarm and grant new sessions`,
    },
    { cause: startup.loss_cause, previous_run: startup.previous_run, previous_run_opened_at_ms: startup.previous_opened_at_ms ?? null },
  );
  // The switch is on record (an earlier commit): later starts need not arm it again.
  await store.acknowledgeStartup();
  logger.error({ previous_run: startup.previous_run, fix: "check open orders, then disarm the global kill switch and grant new sessions" }, "store may have lost its last decisions: global kill switch armed");
}
