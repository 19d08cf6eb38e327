import type { StoreStartup } from "../Store";

/** What the run-state marker in `meta` holds: written durably at open (clean: false) and at close (clean: true). */
export type RunState = { boot_id: string | null; synchronous: "FULL" | "NORMAL"; clean: boolean; opened_at_ms: number };

/**
 * A possible loss not yet acted on, in its own meta key (`loss_suspected`): kept over later runs
 * — a CLI command that only opens the store, or an older Warden that rewrites the run marker
 * before failing — until a Warden has armed the kill switch ({@link Store.acknowledgeStartup}).
 */
export type LossSuspected = { cause: "unclean_shutdown_across_reboot" | "previous_run_unknown"; since_ms: number };

/**
 * How the previous run of this file ended, from its marker and this boot's id. At `NORMAL`, a commit
 * is durable against a process crash (the OS has it) but not against a power loss until the next
 * checkpoint syncs the WAL; a run that never closed, on a boot that is not this one, may have lost
 * its last commits.
 *
 * @param previous - The marker the last run left, or null when the file has none.
 * @param bootId - This boot's id (null when unknown).
 * @param options.fileHasHistory - The file holds audit records (so a missing marker means an older Warden wrote it).
 * @param options.suspected - A possible loss an earlier open found and nobody has acted on yet.
 * @returns What {@link Store.startup} reports.
 * @example
 * assessStartup({ boot_id: "a", synchronous: "NORMAL", clean: false, opened_at_ms: 0 }, "b").decisions_may_be_lost // true
 */
export function assessStartup(
  previous: RunState | null,
  bootId: string | null,
  { fileHasHistory = false, suspected = null }: { fileHasHistory?: boolean; suspected?: LossSuspected | null } = {},
): StoreStartup {
  const lost = (cause: LossSuspected["cause"] | undefined) => (cause ? { decisions_may_be_lost: true, loss_cause: cause } : { decisions_may_be_lost: false });
  // A file with history but no marker was last run by a version that kept none: how it ended is unknown.
  if (previous === null)
    return { previous_run: fileHasHistory ? "unknown" : "none", ...lost(suspected?.cause ?? (fileHasHistory ? "previous_run_unknown" : undefined)) };
  if (previous.clean) return { previous_run: "clean", ...lost(suspected?.cause) };
  const sameBoot = previous.boot_id !== null && bootId !== null && previous.boot_id === bootId;
  return {
    previous_run: sameBoot ? "crashed" : "crashed_across_reboot",
    ...lost(suspected?.cause ?? (!sameBoot && previous.synchronous === "NORMAL" ? "unclean_shutdown_across_reboot" : undefined)),
    previous_opened_at_ms: previous.opened_at_ms,
  };
}
