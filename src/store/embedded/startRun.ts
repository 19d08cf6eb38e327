import type { DatabaseSync } from "node:sqlite";
import type { StoreStartup } from "../Store";
import { assessStartup, type LossSuspected, type RunState } from "./assessStartup";

/** This run's marker on the file: how the previous run ended, and the write that ends this one cleanly. */
export type RunMarker = {
  startup: StoreStartup;
  /** Marks this run clean, synced (FULL also syncs every earlier NORMAL commit in the WAL). Never throws. */
  markClean(): void;
};

/**
 * Starts a run on an open, upgraded file. The run marker: how the last run ended decides whether
 * its last commits can be trusted, and this run's marker must be on disk (FULL) before the first
 * decision can be committed; after it the configured `synchronous` level applies.
 *
 * @param db - The store's connection, still at `synchronous = FULL`.
 * @param params.onDisk - False for `:memory:`, which has no previous run.
 * @param params.hadHistory - The file held audit records before this open.
 * @returns The startup report and the clean-close write.
 * @example
 * const run = startRun(db, { onDisk: true, hadHistory, bootId: readBootId(), synchronous: "NORMAL", openedAtMs: Date.now() })
 */
export function startRun(
  db: DatabaseSync,
  { onDisk, hadHistory, bootId, synchronous, openedAtMs }: { onDisk: boolean; hadHistory: boolean; bootId: string | null; synchronous: "FULL" | "NORMAL"; openedAtMs: number },
): RunMarker {
  const marker: RunState = { boot_id: bootId, synchronous, clean: false, opened_at_ms: openedAtMs };
  let startup: StoreStartup = { previous_run: "none", decisions_may_be_lost: false };
  const metaValue = (key: string) => db.prepare("SELECT value FROM meta WHERE key = ?").get(key)?.value;
  if (onDisk) {
    const row = metaValue("run_state");
    const suspected = metaValue("loss_suspected");
    startup = assessStartup(row === undefined ? null : (JSON.parse(String(row)) as RunState), bootId, {
      fileHasHistory: hadHistory,
      suspected: suspected === undefined ? null : (JSON.parse(String(suspected)) as LossSuspected),
    });
  }
  const setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  db.exec("BEGIN IMMEDIATE");
  if (startup.loss_cause && metaValue("loss_suspected") === undefined)
    setMeta.run("loss_suspected", JSON.stringify({ cause: startup.loss_cause, since_ms: marker.opened_at_ms } satisfies LossSuspected));
  setMeta.run("run_state", JSON.stringify(marker));
  db.exec("COMMIT");
  db.exec(`PRAGMA synchronous = ${synchronous}`);
  return {
    startup,
    markClean() {
      try {
        db.exec("PRAGMA synchronous = FULL");
        setMeta.run("run_state", JSON.stringify({ ...marker, clean: true }));
      } catch {
        // The marker stays "unclean": the next start treats this run as a crash, which is the safe reading.
      }
    },
  };
}
