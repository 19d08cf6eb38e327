import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Hex } from "viem";
import type { SessionRecord } from "../../core/SessionRecord";
import type { StoredDecision } from "../Store";
import { createKeyFilter } from "../createKeyFilter";
import { decisionKey } from "../decisionKey";

/**
 * How the embedded store finds an intent's decision, and the state it derives from approvals'
 * audit records (idempotency keys, sessions' spent calls), written in batches.
 */
export type DecisionIndex = {
  /** The recorded decision of an intent, possibly one whose commit is still under way. Synchronous. */
  find(sessionId: string, intentId: string): StoredDecision | undefined;
  /** Spends one call of the session, at `atMs`: the decision's audit record is the spent call. */
  spend(session: SessionRecord, atMs: number): void;
  /** Records a decision whose audit record joins the batch now gathering. */
  record(stored: StoredDecision): void;
  /**
   * Inside a batch's transaction, after its writes: writes the derived state when it is due (a full
   * batch of approvals, or {@link DecisionIndex.markDue}); returns what to forget once that commit landed.
   */
  writeIfDue(): (() => void) | undefined;
  /** Approvals whose derived state is not on disk yet. */
  readonly pending: boolean;
  /** Whether the next commit writes the derived state. */
  readonly due: boolean;
  /** Has the next commit write the derived state, however few approvals wait. */
  markDue(): void;
};

/**
 * Loads the idempotency keys into a Bloom filter and derives what the last run had not written
 * yet (a crash between batches), then serves lookups and gathers the next batch of derived state.
 *
 * @param params.db - The open store file.
 * @param params.sessions - The loaded sessions; their spent calls are brought up to date here.
 * @param params.derivedToSeq - Meta `derived_to_seq`: up to which record derived state is on disk.
 * @param params.headSeq - The audit log's newest seq, including records still committing.
 * @param params.derivedBatch - Approvals that make the derived state due.
 * @returns The index.
 * @example
 * const decisions = createDecisionIndex({ db, sessions, derivedToSeq: 0, headSeq: () => audit.headSeq, derivedBatch: 1024 })
 */
export function createDecisionIndex({
  db,
  sessions,
  derivedToSeq,
  headSeq,
  derivedBatch,
}: {
  db: DatabaseSync;
  sessions: ReadonlyMap<Hex, SessionRecord>;
  derivedToSeq: number;
  headSeq: () => number;
  derivedBatch: number;
}): DecisionIndex {
  const stmt = {
    getDecision: db.prepare(
      "SELECT a.seq, a.payload_json, a.session_id, a.intent_id FROM decision_keys d JOIN audit a ON a.seq = d.seq WHERE d.k = ?",
    ),
    insertKey: db.prepare("INSERT INTO decision_keys (k, seq) VALUES (?, ?)"),
    // Replay at open: a key may already be there (written by an interrupted open); same row, ignore.
    insertKeyIfAbsent: db.prepare("INSERT OR IGNORE INTO decision_keys (k, seq) VALUES (?, ?)"),
    useSession: db.prepare("UPDATE sessions SET calls_derived = ?, last_used_ms = ? WHERE session_id = ?"),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
  } satisfies Record<string, StatementSync>;
  // Every idempotency key on disk or on its way there: a new intent's lookup skips the database.
  const knownKeys = createKeyFilter();
  /** Writes idempotency keys (in key order: neighbouring keys share B-tree pages), sessions' spent calls, and how far they go. */
  const writeDerivedRows = (keys: Array<readonly [bigint, number]>, touched: Iterable<SessionRecord>, insert: StatementSync): void => {
    keys.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [k, seq] of keys) insert.run(k, seq);
    for (const s of touched) stmt.useSession.run(s.calls_used, s.last_used_ms, s.session_id);
    stmt.setMeta.run("derived_to_seq", String(headSeq()));
  };
  // Derive what the last run had not yet written: each approval after 'derived_to_seq' spent one
  // call of its session and is an idempotency key. (Files from before batching got the marker at
  // their upgrade in openDatabase; a file without one has derived nothing yet.)
  {
    const keys: Array<readonly [bigint, number]> = [];
    const touched = new Set<SessionRecord>();
    for (const r of db.prepare("SELECT seq, at_ms, session_id, intent_id FROM audit WHERE seq > ? AND intent_id IS NOT NULL ORDER BY seq").iterate(derivedToSeq)) {
      const s = sessions.get(r.session_id as Hex);
      if (!s) throw new TypeError(`audit record ${String(r.seq)} spends a call of a session the file does not hold`);
      s.calls_used += 1;
      s.last_used_ms = Number(r.at_ms);
      touched.add(s);
      keys.push([decisionKey(String(r.session_id), String(r.intent_id)), Number(r.seq)]);
    }
    const allKeys = db.prepare("SELECT k FROM decision_keys");
    allKeys.setReadBigInts(true);
    for (const r of allKeys.iterate()) knownKeys.add(r.k as bigint);
    for (const [k] of keys) knownKeys.add(k);
    // Nothing left to derive: no write at start-up.
    if (keys.length > 0) {
      db.exec("BEGIN IMMEDIATE");
      try {
        writeDerivedRows(keys, touched, stmt.insertKeyIfAbsent);
        db.exec("COMMIT");
      } catch (cause) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw cause;
      }
    }
  }
  // Approvals whose idempotency keys and spent calls are not on disk yet (their audit records are,
  // or are about to be): looked up here first, written in a batch by writeIfDue.
  const recentDecisions = new Map<string, { stored: StoredDecision; k: bigint }>();
  const dirtySessions = new Set<SessionRecord>();
  let derivedDue = false;
  // The last key a lookup found absent, and the audit head then: while no record has been appended
  // since, it is still absent (a decision is an audit record), so the commit's re-check needs no query.
  // Its 64-bit key is kept too: the commit that follows writes it without hashing again.
  let absent = { key: "", headSeq: -1, k: 0n };
  const keyOf = (sessionId: string, intentId: string): bigint =>
    `${sessionId}:${intentId}` === absent.key ? absent.k : decisionKey(sessionId, intentId);

  return {
    find(sessionId, intentId) {
      const key = `${sessionId}:${intentId}`;
      const recent = recentDecisions.get(key);
      if (recent) return recent.stored;
      if (key === absent.key && headSeq() === absent.headSeq) return undefined;
      const k = decisionKey(sessionId, intentId);
      if (!knownKeys.mightContain(k)) {
        absent = { key, headSeq: headSeq(), k };
        return undefined;
      }
      const row = stmt.getDecision.all(k).find((r) => r.session_id === sessionId && r.intent_id === intentId);
      if (!row) {
        absent = { key, headSeq: headSeq(), k };
        return undefined;
      }
      // The idempotency record is the approval's audit record: its payload carries the decision.
      const p = JSON.parse(String(row.payload_json)) as { decision: "APPROVE" | "DENY"; reason_code: StoredDecision["reason_code"]; signature?: Hex };
      return { session_id: sessionId as Hex, intent_id: intentId, decision: p.decision, reason_code: p.reason_code, signature: p.signature ?? null, audit_seq: Number(row.seq) };
    },
    spend(session, atMs) {
      // The spent call is the audit record itself (see writeIfDue for when the counter reaches disk).
      session.calls_used += 1;
      session.last_used_ms = atMs;
      dirtySessions.add(session);
    },
    record(stored) {
      const k = keyOf(stored.session_id, stored.intent_id);
      knownKeys.add(k);
      recentDecisions.set(`${stored.session_id}:${stored.intent_id}`, { stored, k });
    },
    writeIfDue() {
      if (!derivedDue && recentDecisions.size < derivedBatch) return undefined;
      writeDerivedRows(
        [...recentDecisions.values()].map((d) => [d.k, d.stored.audit_seq] as const),
        dirtySessions,
        stmt.insertKey,
      );
      return () => {
        derivedDue = false;
        recentDecisions.clear();
        dirtySessions.clear();
      };
    },
    get pending() {
      return recentDecisions.size > 0;
    },
    get due() {
      return derivedDue;
    },
    markDue() {
      derivedDue = true;
    },
  };
}
