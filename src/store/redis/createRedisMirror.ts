import type { Hex } from "viem";
import type { ExposureEntry } from "../../core/exposure";
import type { KillSwitchRecord, RevokeReason, SessionRecord } from "../../core/SessionRecord";
import { createKeyFilter, type KeyFilter } from "../createKeyFilter";
import { decisionKey } from "../decisionKey";
import type { ExposureLedger } from "../ExposureLedger";
import { exposureChangeOf } from "../exposureChangeOf";
import { sessionScopeFromJson } from "../../core/sessionScopeFromJson";
import type { AuditRecord, StoredDecision } from "../Store";

/** One audit stream entry: the hash-chained record, the server's clock at its append, and what it did. */
export type StreamRecord = {
  record: AuditRecord;
  /** The Redis server's clock when the record was appended (ms): rate windows and TTL run on it. */
  clockMs: number;
  /** The record changed exposure (a claim or a release). */
  x: boolean;
  /** A decision's session and intent; a release's intent. */
  sessionId?: Hex;
  intentId?: string;
  /** An issued session (its record as JSON). */
  sessionJson?: string;
  /** A kill switch set (its record as JSON). */
  killJson?: string;
  /** Sessions revoked: `{ ids, at, reason }`. */
  revokeJson?: string;
};

/** What a committed entry changed, as a mirror replays it. */
export type MirrorEffect =
  | { type: "decision"; stored: StoredDecision; atMs: number; claim: ExposureEntry | null; clockMs: number }
  | { type: "release"; intentId: string }
  | { type: "revoke"; ids: Hex[]; atMs: number; reason: RevokeReason }
  | { type: "kill"; record: KillSwitchRecord; ids: Hex[]; atMs: number }
  | { type: "issue"; session: SessionRecord }
  | { type: "none" };

/**
 * A decision found for an intent: recorded, or still committing on this instance. A recorded one
 * is `confirmed` when its caller is known to have been answered — this instance's own commit
 * answered in time, or Redis's confirmation of another instance's — and only then may its
 * signature go to a duplicate.
 */
export type KnownDecision = { stored: StoredDecision; confirmed: boolean } | { pending: Promise<unknown> };

/** What `load.lua` returns: the head and the state every decision reads, as of that head. */
export type MirrorLoad = {
  head: { seq: number; hash: string };
  epoch: number;
  xver: number;
  kills: KillSwitchRecord[];
  sessions: SessionRecord[];
};

/**
 * An instance's view of one generation of the Redis store: sessions with their spent calls, kill
 * switches and the kill epoch, the exposure ledger and version, the decisions it knows of, and
 * the audit head it is at. It changes only in audit order — loaded as of one head, then each
 * committed record applied in seq order (this instance's own commits, and other instances' records
 * read from the stream) — plus this instance's decisions still committing, applied at once and
 * undone if they do not land. Decisions are judged on it without a round trip; the commit script
 * re-checks everything against Redis, so a decision made on a stale view can never commit.
 */
export type RedisMirror = {
  readonly generation: string;
  /** The newest record applied. */
  readonly head: { seq: number; hash: string };
  readonly epoch: number;
  /** The exposure version, this instance's claims still committing included. */
  readonly xver: number;
  readonly kills: ReadonlyMap<string, KillSwitchRecord>;
  readonly sessions: ReadonlyMap<Hex, SessionRecord>;
  readonly byCredential: ReadonlyMap<string, SessionRecord>;
  readonly ledger: ExposureLedger;
  /** A decision this instance knows of for the intent; `maybe`: it may exist in Redis (look it up). */
  decision(sessionId: string, intentId: string): KnownDecision | "maybe" | undefined;
  /** Remembers a decision read from Redis (an older one, or another instance's), confirmed or not. */
  remember(stored: StoredDecision, confirmed: boolean): void;
  /**
   * Applies one committed record's effect (its seq must follow the head). `own`: this instance's
   * commit, answered in time (a decision of it is confirmed); without it, a record read from the log
   * (another instance's, or this one's whose reply came too late: unconfirmed).
   */
  apply(record: AuditRecord, effect: MirrorEffect, own?: { speculated: boolean }): void;
  /** Applies a decision still committing on this instance; returns its undo. */
  speculate(p: { stored: StoredDecision; atMs: number; claim: ExposureEntry | null; clockMs: number; pending: Promise<unknown> }): () => void;
  /** Claims this instance applied that are still committing (the part of `xver` Redis does not hold yet), confirmed by another instance's record of the same intent or not. */
  readonly speculativeClaims: number;
};

const MAX_REMEMBERED = 100_000;
const keyOf = (sessionId: string, intentId: string) => `${sessionId}|${intentId}`;

/** A session record from its stored JSON and spent-budget fields. */
export function sessionFromJson(json: string, fields: { calls?: string | number; lastUsed?: string | number; revokedAt?: string | null; revokeReason?: string | null } = {}): SessionRecord {
  const base = JSON.parse(json) as SessionRecord & { scope: Record<string, unknown> };
  return {
    ...base,
    scope: sessionScopeFromJson(base.scope),
    calls_used: fields.calls === undefined ? base.calls_used : Number(fields.calls),
    last_used_ms: fields.lastUsed === undefined ? base.last_used_ms : Number(fields.lastUsed),
    revoked_at_ms: fields.revokedAt === undefined ? base.revoked_at_ms : fields.revokedAt === "" || fields.revokedAt === null ? null : Number(fields.revokedAt),
    revoke_reason: fields.revokeReason === undefined ? base.revoke_reason : ((fields.revokeReason || null) as RevokeReason | null),
  };
}

/** Parses one XRANGE entry (`[id, [field, value, …]]`, id `0-<seq>`). */
export function parseStreamEntry(entry: unknown): StreamRecord {
  const [id, flat] = entry as [string, string[]];
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] as string, flat[i + 1] as string);
  const opt = (k: string) => f.get(k);
  return {
    record: {
      seq: Number(id.slice(id.indexOf("-") + 1)),
      at_ms: Number(f.get("a")),
      kind: f.get("k") as AuditRecord["kind"],
      payload_json: f.get("p") ?? "",
      prev_hash: f.get("v") ?? "",
      hash: f.get("h") ?? "",
    },
    clockMs: Number(f.get("t")),
    x: f.get("x") === "1",
    ...(opt("s") !== undefined ? { sessionId: opt("s") as Hex } : {}),
    ...(opt("i") !== undefined ? { intentId: opt("i") as string } : {}),
    ...(opt("sj") !== undefined ? { sessionJson: opt("sj") as string } : {}),
    ...(opt("kr") !== undefined ? { killJson: opt("kr") as string } : {}),
    ...(opt("r") !== undefined ? { revokeJson: opt("r") as string } : {}),
  };
}

/** The stored decision an approval's record is (its payload carries the outcome). */
export function storedDecisionOf(record: AuditRecord, sessionId: Hex, intentId: string): StoredDecision {
  const p = JSON.parse(record.payload_json) as { decision?: "APPROVE" | "DENY"; reason_code?: StoredDecision["reason_code"]; signature?: Hex | null };
  return { session_id: sessionId, intent_id: intentId, decision: p.decision ?? "APPROVE", reason_code: p.reason_code ?? null, signature: p.signature ?? null, audit_seq: record.seq };
}

/** What a record read from the stream did. */
export function effectOf(r: StreamRecord): MirrorEffect {
  if (r.sessionId && r.intentId) {
    const change = r.x ? exposureChangeOf(r.record) : null;
    return {
      type: "decision",
      stored: storedDecisionOf(r.record, r.sessionId, r.intentId),
      atMs: r.record.at_ms,
      claim: change && "claim" in change ? change.claim : null,
      clockMs: r.clockMs,
    };
  }
  if (r.x && r.intentId) return { type: "release", intentId: r.intentId };
  if (r.revokeJson) {
    const v = JSON.parse(r.revokeJson) as { ids: Hex[]; at: number; reason: RevokeReason };
    if (r.killJson) return { type: "kill", record: JSON.parse(r.killJson) as KillSwitchRecord, ids: v.ids, atMs: v.at };
    return { type: "revoke", ids: v.ids, atMs: v.at, reason: v.reason };
  }
  if (r.sessionJson) return { type: "issue", session: sessionFromJson(r.sessionJson) };
  return { type: "none" };
}

/**
 * Builds the mirror of one generation from what `load.lua` read, the decisions keys found in
 * Redis and the exposure derived from the audit log.
 *
 * @param params.generation - The generation loaded.
 * @param params.load - Head, kill switches and sessions, read together.
 * @param params.ledger - Exposure of open orders, derived from the audit records up to that head.
 * @returns The mirror, at that head.
 * @example
 * const mirror = createRedisMirror({ generation, load, ledger })
 */
export function createRedisMirror({ generation, load, ledger }: { generation: string; load: MirrorLoad; ledger: ExposureLedger }): RedisMirror & { filter: KeyFilter } {
  const sessions = new Map<Hex, SessionRecord>();
  const byCredential = new Map<string, SessionRecord>();
  const kills = new Map<string, KillSwitchRecord>();
  for (const s of load.sessions) {
    sessions.set(s.session_id, s);
    byCredential.set(s.credential_hash, s);
  }
  for (const k of load.kills) kills.set(`${k.scope}:${k.target}`, k);
  const filter = createKeyFilter();
  const known = new Map<string, KnownDecision>();
  // Claims this instance applied before their commit landed: intent → confirmed by the log since
  // (another instance's record of the same intent), in which case an undo must keep it.
  const speculative = new Map<string, boolean>();
  // Every claim still committing added one to xver, whether or not the log has since confirmed
  // the same intent's claim (which adds its own one): until it commits or is undone, that one is
  // the part of xver Redis does not hold.
  let pendingClaims = 0;
  let epoch = load.epoch;
  let xver = load.xver;
  let head = load.head;

  const know = (key: string, d: KnownDecision) => {
    known.delete(key);
    known.set(key, d);
    if (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value as string);
  };
  const revoke = (ids: Hex[], atMs: number, reason: RevokeReason) => {
    for (const id of ids) {
      const s = sessions.get(id);
      if (s && s.revoked_at_ms === null) {
        s.revoked_at_ms = atMs;
        s.revoke_reason = reason;
      }
    }
  };

  const remember = (stored: StoredDecision, confirmed: boolean) => {
    filter.add(decisionKey(stored.session_id, stored.intent_id));
    know(keyOf(stored.session_id, stored.intent_id), { stored, confirmed });
  };

  return {
    generation,
    get head() {
      return head;
    },
    get epoch() {
      return epoch;
    },
    get xver() {
      return xver;
    },
    kills,
    sessions,
    byCredential,
    ledger,
    filter,
    get speculativeClaims() {
      return pendingClaims;
    },
    decision(sessionId, intentId) {
      const key = keyOf(sessionId, intentId);
      const d = known.get(key);
      if (d) return d;
      return filter.mightContain(decisionKey(sessionId, intentId)) ? "maybe" : undefined;
    },
    remember,
    apply(record, effect, own) {
      if (record.seq !== head.seq + 1 || record.prev_hash !== head.hash)
        throw new RangeError(`audit record ${record.seq} does not follow the mirror's head ${head.seq}`);
      switch (effect.type) {
        case "decision": {
          const { stored, claim } = effect;
          if (!own?.speculated) {
            const s = sessions.get(stored.session_id);
            if (s) {
              s.calls_used += 1;
              s.last_used_ms = effect.atMs;
            }
            if (claim) {
              xver += 1;
              if (speculative.has(claim.intent_id)) speculative.set(claim.intent_id, true);
              else ledger.add(claim, effect.clockMs);
            }
          } else if (claim) {
            pendingClaims -= 1;
            speculative.delete(claim.intent_id);
          }
          remember(stored, own !== undefined);
          break;
        }
        case "release":
          ledger.release(effect.intentId);
          xver += 1;
          break;
        case "revoke":
          revoke(effect.ids, effect.atMs, effect.reason);
          epoch += 1;
          break;
        case "kill":
          kills.set(`${effect.record.scope}:${effect.record.target}`, effect.record);
          revoke(effect.ids, effect.atMs, "kill_switch");
          epoch += 1;
          break;
        case "issue":
          sessions.set(effect.session.session_id, effect.session);
          byCredential.set(effect.session.credential_hash, effect.session);
          break;
        case "none":
          break;
      }
      head = { seq: record.seq, hash: record.hash };
    },
    speculate({ stored, atMs, claim, clockMs, pending }) {
      const key = keyOf(stored.session_id, stored.intent_id);
      const s = sessions.get(stored.session_id);
      const previousUse = s?.last_used_ms ?? 0;
      if (s) {
        s.calls_used += 1;
        s.last_used_ms = atMs;
      }
      // A claim the ledger already holds (another instance's record of the same intent) is not
      // this decision's to undo.
      const tracked = claim !== null && !ledger.has(claim.intent_id);
      if (claim) {
        xver += 1;
        pendingClaims += 1;
        if (tracked) {
          ledger.add(claim, clockMs);
          speculative.set(claim.intent_id, false);
        }
      }
      filter.add(decisionKey(stored.session_id, stored.intent_id));
      const mine: KnownDecision = { pending };
      know(key, mine);
      return () => {
        if (s) {
          s.calls_used -= 1;
          if (s.last_used_ms === atMs) s.last_used_ms = previousUse;
        }
        if (claim) {
          xver -= 1;
          pendingClaims -= 1;
          if (tracked && speculative.get(claim.intent_id) === false) ledger.retract(claim.intent_id);
          if (tracked) speculative.delete(claim.intent_id);
        }
        if (known.get(key) === mine) known.delete(key);
      };
    },
  };
}
