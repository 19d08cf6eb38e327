import type { Hex } from "viem";
import type { ExposureEntry, ExposureReader } from "../core/exposure";
import type { ReasonCode } from "../core/reasonCodes";
import type { KillSwitchRecord, PendingGrant, RevokeReason, SessionRecord } from "../core/SessionRecord";

/**
 * How the previous run on this store ended. `crashed`: the process died but the machine did not, so
 * the OS wrote out every commit. `crashed_across_reboot`: it died and the machine restarted since
 * (a power loss, a reset); at `synchronous = NORMAL` its last commits may be gone, and then
 * `decisions_may_be_lost` is true. `unknown`: the file has history but no run marker (written by a
 * version that kept none), which counts as a possible loss.
 */
export type StoreStartup = {
  previous_run: "none" | "clean" | "crashed" | "crashed_across_reboot" | "unknown";
  decisions_may_be_lost: boolean;
  /** Why, when they may be: the run died with the machine, or nobody knows how it ended. */
  loss_cause?: "unclean_shutdown_across_reboot" | "previous_run_unknown";
  previous_opened_at_ms?: number;
};

/** The stored outcome of one intent, replayed for duplicates of it. */
export type StoredDecision = {
  session_id: Hex;
  intent_id: string;
  decision: "APPROVE" | "DENY";
  reason_code: ReasonCode | null;
  signature: Hex | null;
  audit_seq: number;
};

/** What goes into the audit log; the store adds seq, hashes and time. */
export type AuditInput = {
  kind: "decision" | "session_issued" | "session_revoked" | "kill_switch" | "grant_requested" | "grants_discarded" | "exposure_released" | "review_queued" | "override" | "operator_token";
  at_ms: number;
  payload: Record<string, unknown>;
};

/** One hash-chained audit record. `hash = sha256(prev_hash ‖ seq ‖ at_ms ‖ kind ‖ payload_json)`. */
export type AuditRecord = {
  seq: number;
  at_ms: number;
  kind: AuditInput["kind"];
  payload_json: string;
  prev_hash: string;
  hash: string;
};

/** Result of verifying the audit chain. */
export type AuditVerification =
  | { ok: true; records: number; head: string }
  | { ok: false; records: number; broken_at_seq: number; problem: "hash_mismatch" | "prev_mismatch" | "seq_gap" };

/** The kill switches in force, and the epoch every kill-switch or revocation change increments. */
export type KillSwitchState = { switches: readonly KillSwitchRecord[]; epoch: number };

/**
 * Everything one signing decision depends on, read together: the session as it is now, the
 * intent's recorded decision (possibly still committing — wait for {@link Store.awaitDurable}
 * before handing out its signature), the kill switches and the exposure of open orders. The
 * commit compares what it read here (calls used, kill epoch, exposure version).
 */
export type DecisionSnapshot = {
  session: SessionRecord | undefined;
  existing: StoredDecision | undefined;
  kill: KillSwitchState;
  exposure: ExposureReader;
};

/** Everything the decision commit must check and write, atomically. */
export type CommitDecisionInput = {
  decision: StoredDecision & { audit_seq: -1 };
  audit: AuditInput;
  /**
   * The approval spends one call of its session (and its `last_used_ms` becomes the audit record's
   * `at_ms`), provided the session is still as the guards saw it. Every committed decision does:
   * the store derives spent budgets from these records.
   */
  reserve: {
    expected_calls_used: number;
    expected_kill_epoch: number;
    /** The order's claim on exposure, and the exposure version the guards judged. */
    exposure?: { entry: ExposureEntry; expected_ledger_version: number };
  };
  /**
   * `alone`: the caller knows no other decision is on its way, so waiting to gather a group commit
   * only adds latency. A store may then commit at once.
   */
  flush?: "group" | "alone";
};

/** The commit either landed or found the world changed since the snapshot (retry). */
export type CommitDecisionResult = { status: "committed"; audit: AuditRecord } | { status: "conflict" };

/** How {@link Store.savePendingGrant} keeps the pending grants bounded. */
export type PendingGrantBounds = {
  /** Grants whose `expires_at_ms` is before this are pruned (they can no longer be redeemed). */
  pruneExpiredBeforeMs: number;
  /** After pruning, a new grant is refused while this many are held. */
  maxPending: number;
};

/** One number an implementation reports about itself (rendered on `/metrics`); a `counter` only grows (its name ends in `_total`). */
export type StoreGauge = { name: string; help: string; value: number; type?: "gauge" | "counter" };

/** Whether the store can be trusted now, and what it reports about itself. */
export type StoreHealth = { ok: true; gauges: StoreGauge[] } | { ok: false; problem: string; gauges: StoreGauge[] };

/**
 * The state Warden keeps: sessions, spent budgets, kill switches, idempotency records, exposure and
 * the audit chain. Every method is about the domain and async, so a store behind a network slots in.
 * A method whose store cannot be trusted rejects with `StoreUnavailableError` (fail closed).
 * Implementations must make {@link Store.commitDecision} atomic: it re-checks the snapshot,
 * reserves budget, stores the decision and appends the audit record as one step, and resolves only
 * once that step is durable.
 */
export interface Store {
  /**
   * How the previous run ended (decided once, at open). A possible loss stays reported by every
   * later open, whatever runs in between, until {@link Store.acknowledgeStartup}.
   */
  startup(): Promise<StoreStartup>;
  /** Records that the possible loss was acted on (Warden armed the global kill switch); later opens stop reporting it. */
  acknowledgeStartup(): Promise<void>;
  /**
   * Saves a pending grant, audited, after pruning (in the same step, unaudited: their own records
   * say when they expire) every grant that expired before `bounds.pruneExpiredBeforeMs`; refused
   * with `"full"` (nothing saved or audited) while `bounds.maxPending` grants are still held.
   */
  savePendingGrant(grant: PendingGrant, audit: AuditInput, bounds: PendingGrantBounds): Promise<"saved" | "full">;
  getPendingGrant(grantId: Hex): Promise<PendingGrant | undefined>;
  /** Consumes every pending grant (none can be redeemed after this), audited; returns their ids. */
  discardPendingGrants(audit: (grantIds: Hex[]) => AuditInput): Promise<Hex[]>;
  /** Consumes the pending grant and inserts the session, atomically. */
  issueSession(session: SessionRecord, grantId: Hex, audit: AuditInput): Promise<AuditRecord>;
  getSession(sessionId: Hex): Promise<SessionRecord | undefined>;
  findSessionByCredentialHash(hash: string): Promise<SessionRecord | undefined>;
  listSessions(): Promise<SessionRecord[]>;
  revokeSessions(sessionIds: Hex[], reason: RevokeReason, atMs: number, audit: AuditInput): Promise<AuditRecord>;
  killSwitches(): Promise<KillSwitchState>;
  /** Sets a kill switch and revokes the given sessions, atomically. */
  setKillSwitch(record: KillSwitchRecord, revokeSessionIds: Hex[], audit: AuditInput): Promise<AuditRecord>;
  /** What a decision on this intent depends on, read together (see {@link DecisionSnapshot}). */
  decisionSnapshot(sessionId: Hex, intentId: string): Promise<DecisionSnapshot>;
  /** Resolves once the audit record `seq` is durable; rejects with StoreUnavailableError if its commit failed. */
  awaitDurable(seq: number): Promise<void>;
  commitDecision(input: CommitDecisionInput): Promise<CommitDecisionResult>;
  appendAudit(audit: AuditInput): Promise<AuditRecord>;
  readAudit(fromSeq: number, limit: number): Promise<AuditRecord[]>;
  /** The newest `limit` audit records, oldest first (what `warden audit tail` shows). */
  readAuditTail(limit: number): Promise<AuditRecord[]>;
  /** Every audit record of one kind, oldest first (start-up replay of overrides). */
  readAuditOfKind(kind: AuditInput["kind"]): Promise<AuditRecord[]>;
  verifyAudit(): Promise<AuditVerification>;
  /** Exposure of signed orders still open (derived from the audit log). */
  exposure(): Promise<ExposureReader>;
  /** Ends an order's claim on exposure (cancelled, filled, expired), audited; false when it held none. */
  releaseExposure(intentId: string, reason: string, audit: AuditInput): Promise<boolean>;
  /** Small durable facts (e.g. the start-of-day equity); undefined when never set. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * Stores a sealed key blob under `name` unless one is there already, and returns the blob that
   * holds the name now (this one, or the one that was first). The blob is already encrypted by the
   * caller (createKeySealer): the store never sees a plaintext key. Names: 1–160 of `A-Za-z0-9:_.-`.
   */
  putSealedKey(name: string, blob: string): Promise<string>;
  /** The sealed key blob stored under `name`, or undefined when there is none. */
  getSealedKey(name: string): Promise<string | undefined>;
  /** Deletes the sealed key blob under `name` (for every instance sharing the store); idempotent. */
  deleteSealedKey(name: string): Promise<void>;
  /** Whether the store can be trusted now, with the implementation's own gauges. */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
