import type { Address, Hex } from "viem";
import type { ReasonCode } from "../core/reasonCodes";
import type { SessionScope } from "../core/SessionScope";
import type { ExposureEntry, ExposureLedger } from "./ExposureLedger";

/** Why a session stopped being usable before it expired. */
export type RevokeReason = "owner" | "kill_switch";

/** A session as the store keeps it. Spent budget lives here and survives restarts. */
export type SessionRecord = {
  /** The EIP-712 digest of the SessionGrant the owner signed: a full 32-byte id, never reused. */
  session_id: Hex;
  wallet: Address;
  chain_id: number;
  scope: SessionScope;
  grant_nonce: Hex;
  /** sha256 of the bearer credential; the credential itself is never stored. */
  credential_hash: string;
  issued_at_ms: number;
  valid_until_ms: number;
  calls_used: number;
  last_used_ms: number;
  revoked_at_ms: number | null;
  revoke_reason: RevokeReason | null;
};

/** A SessionGrant Warden issued and is waiting for the owner to sign. */
export type PendingGrant = {
  grant_id: Hex;
  wallet: Address;
  nonce: Hex;
  scope: SessionScope;
  issued_at_s: number;
  valid_until_s: number;
  expires_at_ms: number;
};

/** Kill-switch scopes this slice supports. */
export type KillSwitchScope = "global" | "strategy";

/** One kill switch. `target` is `*` for global, the strategy id otherwise. */
export type KillSwitchRecord = {
  scope: KillSwitchScope;
  target: string;
  armed: boolean;
  changed_at_ms: number;
  actor: string;
  reason: string;
};

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
  kind: "decision" | "session_issued" | "session_revoked" | "kill_switch" | "grant_requested" | "grants_discarded" | "exposure_released" | "review_queued" | "override";
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
    /** The order's claim on exposure, and the ledger version the guards judged. */
    exposure?: { entry: ExposureEntry; expected_ledger_version: number };
  };
  /**
   * `alone`: the caller knows no other decision is on its way, so waiting for the event loop to
   * gather a group commit only adds latency. A store may then commit at once; the embedded store
   * does so at `synchronous = NORMAL` (no fsync to share) and keeps group commit at `FULL`.
   */
  flush?: "group" | "alone";
};

/** The commit either landed or found the world changed since the snapshot (retry). */
export type CommitDecisionResult = { status: "committed"; audit: AuditRecord } | { status: "conflict" };

/**
 * The state Warden keeps: sessions, spent budgets, kill switches, idempotency records and the
 * audit chain. Implementations must make {@link Store.commitDecision} atomic: it re-checks the
 * snapshot, reserves budget, stores the decision and appends the audit record as one step, and
 * resolves only once that step is durable.
 */
export interface Store {
  readonly kind: "embedded";
  /**
   * How the previous run ended (decided once, at open). A possible loss stays reported by every
   * later open, whatever runs in between, until {@link Store.acknowledgeStartup}.
   */
  readonly startup: StoreStartup;
  /** Records that the possible loss was acted on (Warden armed the global kill switch); later opens stop reporting it. */
  acknowledgeStartup(): Promise<void>;
  /** Incremented by every kill-switch or revocation change; part of the commit check. */
  killEpoch(): number;
  savePendingGrant(grant: PendingGrant, audit: AuditInput): Promise<void>;
  getPendingGrant(grantId: Hex): PendingGrant | undefined;
  /** Consumes the pending grant and inserts the session, atomically. */
  issueSession(session: SessionRecord, grantId: Hex, audit: AuditInput): Promise<AuditRecord>;
  getSession(sessionId: Hex): SessionRecord | undefined;
  findSessionByCredentialHash(hash: string): SessionRecord | undefined;
  listSessions(): SessionRecord[];
  revokeSessions(sessionIds: Hex[], reason: RevokeReason, atMs: number, audit: AuditInput): Promise<AuditRecord>;
  getKillSwitches(): KillSwitchRecord[];
  /** Sets a kill switch and revokes the given sessions, atomically. */
  setKillSwitch(record: KillSwitchRecord, revokeSessionIds: Hex[], audit: AuditInput): Promise<AuditRecord>;
  /**
   * The recorded decision of an intent — possibly one whose commit is still under way (so that a
   * concurrent duplicate never decides twice). Before handing out its signature, wait for
   * {@link Store.awaitDurable} of its `audit_seq`.
   */
  getDecision(sessionId: Hex, intentId: string): StoredDecision | undefined;
  /** Resolves once the audit record `seq` is durable; rejects with StoreUnavailableError if its commit failed. */
  awaitDurable(seq: number): Promise<void>;
  /** Consumes every pending grant (none can be redeemed after this), audited; returns their ids. */
  discardPendingGrants(audit: (grantIds: Hex[]) => AuditInput): Promise<Hex[]>;
  commitDecision(input: CommitDecisionInput): Promise<CommitDecisionResult>;
  appendAudit(audit: AuditInput): Promise<AuditRecord>;
  readAudit(fromSeq: number, limit: number): AuditRecord[];
  /** Every audit record of one kind, oldest first (start-up replay of overrides). */
  readAuditOfKind(kind: AuditInput["kind"]): AuditRecord[];
  /** Exposure of signed orders still open (rebuilt from the audit log at start). */
  exposureLedger(): ExposureLedger;
  /** Ends an order's claim on exposure (cancelled, filled, expired), audited. */
  releaseExposure(intentId: string, reason: string, audit: AuditInput): Promise<boolean>;
  verifyAudit(): AuditVerification;
  /** Small durable facts (e.g. the start-of-day equity); undefined when never set. */
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * The background WAL checkpoints: how many succeeded and failed, and when one last succeeded
   * (each syncs the WAL, so at `synchronous = NORMAL` the time since then is about what a power loss
   * could take). Null for a store without them (in memory).
   */
  walCheckpoints(): { checkpoints: number; failures: number; last_sync_at_ms: number | null; started_at_ms: number; synchronous: "FULL" | "NORMAL" } | null;
  /** Throws {@link StoreUnavailableError} when the store cannot be trusted (fail closed). */
  assertHealthy(): void;
  close(): Promise<void>;
}
