import { Worker } from "node:worker_threads";

/** A running background checkpointer. */
export type BackgroundCheckpointer = {
  /** Stops it after any checkpoint under way; resolves when its connection is closed. */
  stop(): Promise<void>;
  /** Checkpoints completed and failed so far (failures retry on the next tick), and when one last left the whole WAL synced. */
  stats(): { checkpoints: number; failures: number; last_sync_at_ms: number | null };
};

// Plain CommonJS run with `eval`, so the worker needs no TypeScript loader under any runner.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
let db = null;
let timer = null;
let stopped = false;
const tick = () => {
  try {
    db ??= new DatabaseSync(workerData.path);
    db.exec("PRAGMA busy_timeout = 2000");
    // PASSIVE never waits for (or blocks) the writer. Under steady writes it copies all but the
    // newest frames; the writer's own automatic checkpoint, much rarer, finishes those few and
    // lets the WAL restart from its beginning.
    const r = db.prepare("PRAGMA wal_checkpoint(PASSIVE)").get();
    // Every frame in the WAL is copied, so every one was synced first (SQLite syncs the WAL before
    // copying). When a reader held some back, the newest frames may not be.
    parentPort.postMessage({ ok: true, synced: r.busy === 0 && r.log >= 0 && r.checkpointed === r.log });
  } catch (e) {
    parentPort.postMessage({ ok: false });
  }
  if (!stopped) timer = setTimeout(tick, workerData.intervalMs);
};
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on("message", () => {
  stopped = true;
  clearTimeout(timer);
  try { db?.close(); } catch {}
  parentPort.close();
});
`;

/**
 * Copies the WAL into the database file from a worker thread, so the signing thread never spends
 * a commit on a checkpoint (SQLite's automatic checkpoint runs inside the commit that crosses the
 * threshold: tens of ms of copying and fsync on a slow disk). Durability is unchanged — a commit is
 * durable once it is in the WAL, at the configured `synchronous` level; checkpointing only moves
 * committed pages. The store's own automatic checkpoint stays on (set higher): it finishes what the
 * worker leaves and bounds the WAL should the worker be unable to run.
 *
 * @param params.path - The database file (in WAL mode, shared-memory locking).
 * @param params.intervalMs - Time between passive checkpoints.
 * @returns Handle to stop it.
 * @example
 * const cp = startBackgroundCheckpointer({ path: ".warden/warden.db", intervalMs: 100 })
 * await cp.stop()
 */
export function startBackgroundCheckpointer(params: {
  path: string;
  intervalMs: number;
}): BackgroundCheckpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: params });
  worker.unref();
  let checkpoints = 0;
  let failures = 0;
  let lastSync: number | null = null;
  worker.on("message", (m: { ok: boolean; synced?: boolean }) => {
    if (m.ok) {
      checkpoints++;
      if (m.synced) lastSync = Date.now();
    } else failures++;
  });
  // A worker that dies leaves the store's own automatic checkpoint in charge; nothing to fail.
  worker.on("error", () => {
    failures++;
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      // Referenced again while it winds down, so the process waits for the connection to close.
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((r) => {
        timer = setTimeout(r, 5_000, "timeout");
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome === "timeout") await worker.terminate();
    },
    stats: () => ({ checkpoints, failures, last_sync_at_ms: lastSync }),
  };
}
