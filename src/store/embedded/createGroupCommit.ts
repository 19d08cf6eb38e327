import type { DatabaseSync } from "node:sqlite";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

/** Writes gathered into one transaction per event-loop turn; the store's only way to write. */
export type GroupCommit = {
  /**
   * Queues a write for the batch being gathered; resolves once its transaction is durable, rejects
   * with StoreUnavailableError when it failed. `now`: commit at once (see {@link CommitDecisionInput.flush}).
   */
  enqueue(op: () => void, now?: boolean): Promise<void>;
  /** Resolves once the audit record `seq` is durable; rejects if its commit failed. */
  awaitDurable(seq: number): Promise<void>;
  /** Throws StoreUnavailableError once closed or after a failed commit (fail closed). */
  assertHealthy(): void;
  /** The first commit failure; set, it fails every later commit. */
  readonly failure: unknown;
  readonly closed: boolean;
  /** Commits what is queued — an empty batch too when `always`, so `beforeCommit` runs once more — then refuses every write. */
  close(always: boolean): void;
};

/**
 * Group commit: changes made in the same event-loop turn are committed together, and each resolves
 * only after its transaction is durable. If a commit fails, it rolls back and every later commit
 * fails too, until restarted (the restart reloads the last committed state).
 *
 * @param params.db - The store's connection.
 * @param params.synchronous - At NORMAL a caller alone may commit at once; at FULL the shared fsync is worth the wait.
 * @param params.headSeq - The newest audit record's seq (all of them are durable after a commit).
 * @param params.beforeCommit - Runs inside each transaction after its writes; returns what to do once it committed.
 * @returns The group commit.
 * @example
 * const commits = createGroupCommit({ db, synchronous: "NORMAL", headSeq: () => audit.headSeq, beforeCommit: () => undefined })
 * await commits.enqueue(() => insert.run(row))
 */
export function createGroupCommit({
  db,
  synchronous,
  headSeq,
  beforeCommit,
}: {
  db: DatabaseSync;
  synchronous: "FULL" | "NORMAL";
  headSeq: () => number;
  beforeCommit: () => (() => void) | undefined;
}): GroupCommit {
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  let batch: Array<() => void> = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  let failure: unknown = null;
  let closed = false;
  // Every audit record up to this one is committed (at the configured level).
  let durableSeq = headSeq();

  const flush = (): void => {
    scheduled = false;
    const ops = batch;
    const ws = waiters;
    batch = [];
    waiters = [];
    if (ops.length === 0) return;
    try {
      if (failure) throw failure;
      begin.run();
      for (const op of ops) op();
      const committed = beforeCommit();
      commit.run();
      durableSeq = headSeq();
      committed?.();
    } catch (cause) {
      try {
        if (db.isTransaction) db.exec("ROLLBACK");
      } catch {
        // The database is already unusable; the failure below keeps the store closed.
      }
      failure = failure ?? cause;
      for (const w of ws) w.reject(new StoreUnavailableError({ operation: "commit", cause: failure }));
      return;
    }
    for (const w of ws) w.resolve();
  };

  const enqueue = (op: () => void, now = false): Promise<void> => {
    const done = new Promise<void>((resolve, reject) => {
      batch.push(op);
      waiters.push({ resolve, reject });
    });
    // Committing at once skips an event-loop turn (tens of µs) for a caller with nobody to share
    // the commit with. Only without fsync: at FULL, an fsync shared by a group is the larger saving.
    if (now && synchronous === "NORMAL") flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return done;
  };

  return {
    enqueue,
    awaitDurable(seq) {
      if (seq <= durableSeq) return Promise.resolve();
      if (failure || closed) return Promise.reject(new StoreUnavailableError({ operation: "commit", cause: failure }));
      // The record is in the batch now being gathered: this resolves (or rejects) with that commit.
      return enqueue(() => {});
    },
    assertHealthy() {
      if (closed) throw new StoreUnavailableError({ operation: "closed" });
      if (failure) throw new StoreUnavailableError({ operation: "previous commit failed", cause: failure });
    },
    get failure() {
      return failure;
    },
    get closed() {
      return closed;
    },
    close(always) {
      if (batch.length > 0 || always) {
        if (batch.length === 0) batch.push(() => {});
        flush();
      }
      closed = true;
    },
  };
}
