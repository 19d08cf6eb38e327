import type { StoreGauge } from "../Store";
import type { BackgroundCheckpointer } from "./backgroundCheckpointer";

/**
 * The WAL's last sync by the background checkpoint: at NORMAL, about the window a power loss could take.
 *
 * @param params.checkpointer - The running checkpointer; null in memory (no WAL).
 * @param params.synchronous - At FULL every commit syncs the WAL itself: nothing to report.
 * @param params.startedAtMs - When the checkpointer started (the age before its first sync).
 * @returns The gauges {@link Store.health} reports.
 * @example
 * walGauges({ checkpointer, synchronous: "NORMAL", startedAtMs })[0]?.name // "warden_store_wal_sync_age_seconds"
 */
export function walGauges({
  checkpointer,
  synchronous,
  startedAtMs,
}: {
  checkpointer: BackgroundCheckpointer | null;
  synchronous: "FULL" | "NORMAL";
  startedAtMs: number;
}): StoreGauge[] {
  // At FULL every commit syncs the WAL itself (no window to report); in memory there is no WAL.
  if (!checkpointer || synchronous !== "NORMAL") return [];
  const wal = checkpointer.stats();
  const since = wal.last_sync_at_ms ?? startedAtMs;
  return [
    {
      name: "warden_store_wal_sync_age_seconds",
      help: "Seconds since a background checkpoint last synced the WAL; at store.synchronous=NORMAL, about what a power loss could take (normally ~0.1).",
      // Wall-clock (the checkpointer's own clock), not an injectable one.
      value: Math.max(0, Date.now() - since) / 1000,
    },
    { name: "warden_store_wal_checkpoint_failures_total", type: "counter", help: "Background WAL checkpoints that failed since start (each is retried).", value: wal.failures },
  ];
}
