import type { Logger } from "pino";
import type { Hex } from "viem";
import type { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import type { AuditInput, AuditRecord, StoreStartup } from "../Store";
import type { RedisMirror } from "./createRedisMirror";
import type { MirrorEffect } from "./redisStreamRecords";
import type { RedisWriteQueue, WriteEntryType, WriteOutcome } from "./RedisWriteEntry";
import type { ScriptCall, ScriptRunner } from "./createScriptRunner";
import type { RedisClient } from "./openRedisClients";
import type { RedisKeyspace } from "./redisKeyspace";
import type { RedisScriptName } from "./redisScripts";

/** Where the store stands: `ok`; `unavailable` (Redis unreachable, slow or refusing: recovers by itself); `lost` (data missing, or following a re-initialisation); `closed`. */
export type RedisStatus = "ok" | "unavailable" | "lost" | "closed";

/** An audit record as a write carries it (the queue chains seq and hashes). */
export type RecordInput = { at_ms: number; kind: AuditInput["kind"]; payload_json: string };

/** A page of the audit log, with the head as it was when the page was read. */
export type AuditPage = { headSeq: number; headHash: string; records: AuditRecord[] };

/** What opening a generation needs: the connections, the wallet's keys, the bounds. */
export type RedisCoreParameters = {
  commands: RedisClient;
  events: RedisClient;
  keyspace: RedisKeyspace;
  /** The URL without its password, for messages. */
  where: string;
  timeoutMs: number;
  logger?: Pick<Logger, "info" | "warn" | "error">;
};

/**
 * The state one instance keeps of one wallet's Redis store, and the steps every part of the store
 * shares: scripts run on the current generation, the status and its transitions (unavailable,
 * lost, following a re-initialisation), the mirror and its catch-up on the log, and writes through
 * the write queue. The store's methods (sessions, kill switches, decisions, audit, probe) are built
 * on it, each in its own file.
 */
export type RedisCore = {
  readonly where: string;
  readonly timeoutMs: number;
  readonly keyspace: RedisKeyspace;
  readonly commands: RedisClient;
  readonly events: RedisClient;
  readonly runner: ScriptRunner;
  readonly logger: Pick<Logger, "info" | "warn" | "error"> | undefined;
  queue: RedisWriteQueue;
  /** How the previous run ended, as the open found it. */
  readonly startup: StoreStartup;
  /** Whether a Warden opened this generation before (meta `opened_at_ms`). */
  readonly openedBefore: boolean;
  generation: string;
  mirror: RedisMirror;
  /** Intents voided in Redis: never signed. */
  voided: Set<string>;
  /** The Redis server's clock minus this machine's (ms). */
  clockOffsetMs: number;
  /** Intents whose commit got no answer in time, until their void marker is in Redis. */
  readonly uncertain: Map<string, { sessionId: Hex; intentId: string }>;
  /** Decisions (`session|intent`) this instance committed in time whose confirmation has not reached Redis yet. */
  readonly unconfirmed: Set<string>;
  /** The newest seq known to be in Redis (acknowledged: durable at appendfsync always). */
  durableSeq: number;
  status: RedisStatus;
  problem: string;
  /** A write was refused (e.g. out of memory): the probe must prove writes work again. */
  writeRefused: boolean;
  /** The load of a new generation in progress, if any. */
  readonly reloading: Promise<void> | null;
  readonly killListeners: Set<(epoch: number) => void>;
  /** Runs a script on the current generation (its generation and prefix go first). */
  run(name: RedisScriptName, args: ReadonlyArray<string | number>, bound?: number): ScriptCall;
  /** Runs a script and returns its reply; a refusal (generation gone or broken) is handled and thrown as unavailable. */
  reply(name: RedisScriptName, args: ReadonlyArray<string | number>, bound?: number): Promise<unknown[]>;
  unavailable(operation?: string): StoreUnavailableError;
  assertHealthy(operation?: string): void;
  markUnavailable(why: string, refusedWrite: boolean): void;
  markLost(why: string): void;
  /** A script refused: the generation marker is missing or names another generation, or a structure vanished. */
  onRefused(reply: unknown[]): void;
  /** Tells the kill-epoch listeners when the mirror's epoch changed. */
  notifyKill(): void;
  /** The server-clock deadline of a write sent now. */
  serverDeadline(): number;
  /** Confirms in Redis that these decisions' callers were answered (their signatures may go to duplicates anywhere). */
  confirm(keys: string[]): void;
  /** Replays what other instances appended after the mirror's head (call inside the queue's turn). */
  catchUpNow(): Promise<void>;
  /** Loads the generation `marker` names and switches to it (an operator re-initialised the store). */
  reload(marker: string): Promise<void>;
  /** One write through the queue; resolves with how its commit ended. */
  write(
    type: WriteEntryType,
    fields: Array<string | number>,
    input: RecordInput | null,
    effect: MirrorEffect,
    options?: { undo?: () => void; alone?: boolean; operation: string },
  ): Promise<WriteOutcome>;
  recordOf(input: AuditInput, payload?: Record<string, unknown>): RecordInput;
  /** The record a committed write appended; a stopped one is a refusal. */
  committedRecord(o: WriteOutcome, operation: string): AuditRecord;
  /** Reads that must see every instance's writes: catch the mirror up first (one round trip). */
  sync(operation: string): Promise<void>;
  /** One field of the pending grants (`g`) or the meta (`m`). */
  field(structure: "g" | "m", key: string, operation: string): Promise<string | null>;
  readPage(fromSeq: number, order: "asc" | "desc", count: number, operation: string): Promise<AuditPage>;
};
