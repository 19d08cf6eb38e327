import { nextAuditRecord } from "../nextAuditRecord";
import { classifyRedisFailure, type RedisFailure } from "./classifyRedisFailure";
import type { RedisMirror } from "./createRedisMirror";
import type { ScriptCall } from "./createScriptRunner";
import type { RedisWriteQueue, WriteEntry } from "./RedisWriteEntry";

/** Batches carry at most this many entries (a script holds Redis for its whole run). */
const MAX_BATCH = 256;

/**
 * The write queue of the Redis store. Writes made while a batch is in flight gather into the next
 * one; a batch is chained on the mirror's head (each record's SHA-256 computed here, Lua has none)
 * and sent as one `commit.lua` call. Its reply says how far it got: all committed; a prefix
 * committed and the next entry stopped by its re-check (the rest go again, chained anew); the head
 * moved (another instance appended: catch up, chain again, resend); refused (expired, data lost).
 * A batch without a reply in time is in doubt: its writes are refused to their callers (a decision
 * among them becomes uncertain and is never signed), and no batch follows until the late reply or
 * the connection's end settles what happened.
 *
 * A write still waiting one bound after it was made (behind a batch in flight, or a catch-up) is
 * refused then, unsent; a batch sent gets one bound for its reply, and `commit.lua` changes nothing
 * if it reaches Redis later than that (on the server's clock). Decisions a batch committed in time are confirmed to Redis right after (carried by the next batch, or by
 * `confirm.lua` if none follows within the turn of the event loop): only a confirmed decision's
 * signature may be handed to a duplicate on another instance.
 *
 * @param deps.mirror - The mirror writes are chained on and committed entries applied to.
 * @param deps.send - Runs commit.lua with the batch's arguments.
 * @param deps.deadline - The server-clock deadline of a batch sent now.
 * @param deps.confirm - Confirms decisions committed in time.
 * @param deps.catchUp - Brings the mirror up to Redis's head (called inside the queue's turn).
 * @param deps.healthy - Whether batches may be sent now.
 * @param deps.events - The store's reactions: replies that say the store cannot go on, uncertain writes.
 * @returns The queue.
 * @example
 * queue.enqueue({ type: "A", fields: [], record, effect: { type: "none" }, deadlineMs, resolve, reject })
 */
export function createRedisWriteQueue(deps: {
  mirror: () => RedisMirror;
  /** Runs commit.lua with the batch's arguments, within the command bound. */
  send: (argv: string[]) => ScriptCall;
  /** The server-clock deadline of a batch sent now. */
  deadline: () => number;
  /** Marks decisions (`session|intent`) committed in time as confirmed in Redis. */
  confirm: (keys: string[]) => void;
  channel: string;
  catchUp: () => Promise<void>;
  healthy: () => boolean;
  events: {
    /** Redis answered that this generation is gone or broken (`gen` or `lost` reply, passed as is). */
    refused(reply: unknown[]): void;
    /** This instance found the store inconsistent (e.g. Redis holds fewer records than it acknowledged). */
    lost(problem: string): void;
    /** Redis cannot be trusted right now (a timeout, an error, a refused write). */
    unavailable(problem: string, writeRefused: boolean): void;
    /** A sent write whose outcome is unknown. */
    uncertain(entry: WriteEntry): void;
  };
}): RedisWriteQueue {
  let queue: WriteEntry[] = [];
  let busy: "idle" | "batch" | "exclusive" | "doubt" = "idle";
  const waiters: Array<() => void> = [];
  let scheduled = false;
  let sweepTimer: NodeJS.Timeout | null = null;
  // Decisions committed in time, to confirm with the next batch (or alone, at the next turn).
  let confirms: string[] = [];
  let confirmScheduled = false;
  const scheduleConfirm = () => {
    if (confirmScheduled) return;
    confirmScheduled = true;
    setImmediate(() => {
      confirmScheduled = false;
      if (confirms.length > 0) deps.confirm(confirms.splice(0));
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush();
    });
  };
  const release = () => {
    busy = "idle";
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepTimer = null;
    const next = waiters.shift();
    if (next) next();
    else flush();
  };
  const refuse = (entries: WriteEntry[], failure: RedisFailure) => {
    for (const e of entries) {
      e.undo?.();
      e.reject(failure);
    }
  };
  const refuseWaiting = (failure: RedisFailure) => {
    const waiting = queue;
    queue = [];
    refuse(waiting, failure);
  };
  const notRun = (problem: string): RedisFailure => ({ certainty: "not_run", cause: new Error(problem) });
  // Refuses the writes whose deadline passed while they waited (they never reach Redis).
  const refuseLate = (now: number) => {
    const late = queue.filter((e) => e.deadlineMs < now);
    if (late.length === 0) return;
    queue = queue.filter((e) => e.deadlineMs >= now);
    refuse(late, notRun("the write waited past its bound"));
  };
  // While a batch or a catch-up holds the queue, a write waiting behind it is refused at its own deadline.
  const armSweep = () => {
    if (sweepTimer || busy === "idle" || queue.length === 0) return;
    const next = Math.min(...queue.map((e) => e.deadlineMs));
    sweepTimer = setTimeout(
      () => {
        sweepTimer = null;
        if (busy === "idle") return;
        refuseLate(Date.now());
        armSweep();
      },
      Math.max(0, next - Date.now()) + 1,
    );
    sweepTimer.unref();
  };

  // Entries [0, n) of a batch landed, in order, and the reply came in time: confirm its decisions
  // (sent before any caller runs on), apply them to the mirror and tell their callers.
  const commitPrefix = (batch: WriteEntry[], n: number) => {
    const mirror = deps.mirror();
    const landed = batch.slice(0, n);
    for (const e of landed) if (e.effect.type === "decision" && e.chained) confirms.push(`${e.effect.stored.session_id}|${e.effect.stored.intent_id}`);
    if (confirms.length > 0) scheduleConfirm();
    for (const e of landed) {
      if (e.chained) {
        if (e.effect.type === "decision") e.effect.stored.audit_seq = e.chained.seq;
        mirror.apply(e.chained, e.effect, { speculated: e.undo !== undefined });
      }
      e.resolve({ status: "committed", record: e.chained ?? null });
    }
  };
  /**
   * The decisions after a stopped one that counted on it, transitively: a decision of the same
   * session expected its spent call, one holding a claim expected its exposure version (when it
   * held one too), and a stale kill epoch is stale for every decision that expected it. They
   * cannot commit, so they stop now instead of costing a round trip each.
   */
  const dependents = (stopped: WriteEntry, reason: string, rest: WriteEntry[]): Set<WriteEntry> => {
    const out = new Set<WriteEntry>();
    if (stopped.type !== "D") return out;
    const sessions = new Set([stopped.fields[0]]);
    let claims = stopped.fields[4] !== "";
    const epochs = new Set(reason === "epoch" ? [stopped.fields[3]] : []);
    for (const e of rest) {
      if (e.type !== "D") continue;
      const [session, , , epoch, xver] = e.fields;
      const claim = xver !== "";
      if (!sessions.has(session) && !(claims && claim) && !epochs.has(epoch)) continue;
      out.add(e);
      sessions.add(session);
      claims ||= claim;
    }
    return out;
  };
  const requeue = (entries: WriteEntry[]) => {
    for (const e of entries) delete e.chained;
    queue = [...entries, ...queue];
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepTimer = null;
    armSweep();
  };

  function onReply(batch: WriteEntry[], reply: unknown[]): void {
    const status = String(reply[0]);
    if (status === "ok") {
      commitPrefix(batch, batch.length);
      return release();
    }
    if (status === "stop") {
      const k = Number(reply[1]);
      commitPrefix(batch, k - 1);
      const stopped = batch[k - 1] as WriteEntry;
      const reason = String(reply[2]);
      const failed = dependents(stopped, reason, batch.slice(k));
      for (const e of [stopped, ...failed]) {
        e.undo?.();
        e.resolve({ status: "stopped", reason: e === stopped ? reason : "follows a stopped decision" });
      }
      requeue(batch.slice(k).filter((e) => !failed.has(e)));
      return release();
    }
    if (status === "head") {
      const seq = Number(reply[1]);
      requeue(batch);
      if (seq < deps.mirror().head.seq) {
        // Redis holds fewer records than this instance saw acknowledged: it lost data.
        deps.events.lost(`Redis's audit head (${seq}) is behind records it acknowledged (${deps.mirror().head.seq}): it lost data`);
        refuseWaiting(notRun("the store lost data"));
        return release();
      }
      // Another instance appended: replay its records, then chain on the new head and resend.
      deps.catchUp().then(release, (cause: unknown) => {
        refuseWaiting(classifyRedisFailure(cause));
        release();
      });
      return;
    }
    if (status === "lost" || status === "gen") {
      const k = status === "lost" && reply[2] !== undefined ? Number(reply[2]) : 0;
      commitPrefix(batch, k);
      refuse(batch.slice(k), notRun("the store's data is gone"));
      deps.events.refused(reply);
      refuseWaiting(notRun("the store's data is gone"));
      return release();
    }
    // expired: it reached Redis after its deadline and changed nothing.
    refuse(batch, notRun("the commit reached Redis after its deadline"));
    deps.events.unavailable("Redis answered too late (a commit reached it after its deadline)", false);
    refuseWaiting(notRun("Redis is slow"));
    release();
  }

  function onFailure(batch: WriteEntry[], cause: unknown, call: ScriptCall): void {
    const failure = classifyRedisFailure(cause);
    if (failure.certainty === "not_run") {
      refuse(batch, failure);
      deps.events.unavailable(cause instanceof Error ? cause.message : "Redis refused a write", true);
      refuseWaiting(failure);
      return release();
    }
    // Sent, and no reply: it may have landed. The callers are refused now; what landed is learned
    // from the stream once the command settles (its late reply, or the connection's end).
    busy = "doubt";
    armSweep();
    for (const e of batch) {
      e.undo?.();
      deps.events.uncertain(e);
      e.reject(failure);
    }
    deps.events.unavailable(cause instanceof Error ? cause.message : "Redis did not answer", false);
    refuseWaiting(notRun("a commit's outcome is unknown"));
    void call.settled.then(release);
  }

  function flush(): void {
    if (busy !== "idle" || queue.length === 0) return;
    if (!deps.healthy()) return refuseWaiting(notRun("the store is unavailable"));
    const now = Date.now();
    refuseLate(now);
    if (queue.length === 0) return;
    const batch = queue.splice(0, MAX_BATCH);
    let head = deps.mirror().head;
    const confirming = confirms.splice(0, MAX_BATCH);
    const argv = [String(deps.deadline()), String(head.seq), head.hash, deps.channel, String(confirming.length), ...confirming, String(batch.length)];
    for (const e of batch) {
      argv.push(e.type, ...e.fields);
      if (e.record) {
        const r = nextAuditRecord(head, e.record);
        e.chained = r;
        head = r;
        argv.push(String(r.at_ms), r.kind, r.payload_json, r.hash);
      }
    }
    busy = "batch";
    armSweep();
    const call = deps.send(argv);
    call.reply.then(
      (reply) => {
        // Confirmations run first in commit.lua, unless the generation itself refused the batch.
        const status = (reply as unknown[])[0];
        if (confirming.length > 0 && (status === "gen" || status === "lost")) deps.confirm(confirming);
        try {
          onReply(batch, reply as unknown[]);
        } catch (cause) {
          // A reply this instance cannot apply (its mirror and the log disagree): trust neither.
          deps.events.lost(`a commit's reply could not be applied (${cause instanceof Error ? cause.message : "unknown"})`);
          refuse(batch.filter((e) => !e.chained || e.chained.seq > deps.mirror().head.seq), notRun("the store's state is inconsistent"));
          refuseWaiting(notRun("the store's state is inconsistent"));
          release();
        }
      },
      (cause: unknown) => {
        // Sent again on their own (idempotent): whether this batch applied them is unknown.
        if (confirming.length > 0) deps.confirm(confirming);
        onFailure(batch, cause, call);
      },
    );
  }

  return {
    enqueue(entry, alone = false) {
      queue.push(entry);
      if (alone && busy === "idle" && !scheduled) flush();
      else schedule();
      armSweep();
    },
    exclusive(fn) {
      return new Promise((resolve, reject) => {
        const run = () => {
          busy = "exclusive";
          armSweep();
          fn().then(resolve, reject).finally(release);
        };
        if (busy === "idle") run();
        else waiters.push(run);
      });
    },
    refuseWaiting,
    get inDoubt() {
      return busy === "doubt";
    },
  };
}
