import type { Hex } from "viem";
import type { ExposureEntry } from "../../core/exposure";
import type { KillSwitchRecord, RevokeReason, SessionRecord } from "../../core/SessionRecord";
import { createKeyFilter, type KeyFilter } from "../createKeyFilter";
import { decisionKey } from "../decisionKey";
import type { ExposureLedger } from "../ExposureLedger";
import type { AuditRecord, StoredDecision } from "../Store";
import type { MirrorEffect } from "./redisStreamRecords";

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
