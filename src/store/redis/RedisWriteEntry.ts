import type { AuditRecord } from "../Store";
import type { RedisFailure } from "./classifyRedisFailure";
import type { MirrorEffect } from "./redisStreamRecords";

/**
 * Entry types of `commit.lua` (the fields each takes are listed there): a Decision, an Audit
 * record, a reLease of exposure, a reVocation, a Kill switch, a pending Grant, an Issued session,
 * grants discarded (X), Meta.
 */
export type WriteEntryType = "D" | "A" | "L" | "V" | "K" | "G" | "I" | "X" | "M";

/** How a write ended: committed (with its audit record), or stopped by its own re-check. */
export type WriteOutcome = { status: "committed"; record: AuditRecord | null } | { status: "stopped"; reason: string };

/** One write on its way to Redis. */
export type WriteEntry = {
  type: WriteEntryType;
  /** The type's fields, before the record's (see commit.lua). */
  fields: string[];
  /** The audit record it appends (seq, prev_hash and hash are chained when its batch is sent). */
  record: Pick<AuditRecord, "at_ms" | "kind" | "payload_json"> | null;
  /** What it changes, for the mirror, once committed. */
  effect: MirrorEffect;
  /** Undoes what was applied to the mirror before the commit (a decision's spent call and claim). */
  undo?: () => void;
  /** Until when (local clock) it may still be sent: a write still waiting then is refused unsent. */
  deadlineMs: number;
  resolve(outcome: WriteOutcome): void;
  reject(failure: RedisFailure): void;
  /** Set when the batch carrying it is sent. */
  chained?: AuditRecord;
};

/** The write queue: every write goes through it, in order, one batch in flight at a time. */
export type RedisWriteQueue = {
  enqueue(entry: WriteEntry, alone?: boolean): void;
  /** Runs `fn` when no batch is in flight, and holds the next batch until it is done (catch-up reads). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Refuses every write still waiting (never sent: nothing of them reached Redis). */
  refuseWaiting(failure: RedisFailure): void;
  /** A batch's outcome is unknown (no reply in time); no batch is sent until it settles. */
  readonly inDoubt: boolean;
};
