import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Hex } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { StoreUnavailableError } from "../errors/StoreUnavailableError";
import type { SessionScope } from "../core/SessionScope";
import { AUDIT_GENESIS_HASH, auditHash } from "./auditHash";
import { startBackgroundCheckpointer } from "./backgroundCheckpointer";
import { createKeyFilter } from "./createKeyFilter";
import type { ExposureEntry } from "../core/exposure";
import { ExposureLedger } from "./ExposureLedger";
import { toJson } from "../core/toJson";
import type { KillSwitchRecord, PendingGrant, RevokeReason, SessionRecord } from "../core/SessionRecord";
import type {
  AuditInput,
  AuditRecord,
  AuditVerification,
  CommitDecisionInput,
  CommitDecisionResult,
  Store,
  StoreGauge,
  StoreStartup,
  StoredDecision,
} from "./Store";

/** Options of the embedded (single-file SQLite) store. */
export type EmbeddedStoreParameters = {
  /** Database file; `:memory:` for throwaway use in tests. */
  path: string;
  /** FULL survives power loss; NORMAL survives a process crash. */
  synchronous: "FULL" | "NORMAL";
  /** Caps the file at this many pages (8 KiB in a new file); a full database fails commits like a full disk. */
  maxPageCount?: number;
  /** How long a signed order counts as exposure when nobody releases it (default 24 h). */
  exposureTtlMs?: number;
  /**
   * This boot of the machine: tells a process crash (the OS still wrote everything out) from a
   * power loss or reset (a `NORMAL` store may have lost its last commits). Defaults to Linux's
   * `/proc/sys/kernel/random/boot_id`; `null` when unknown, and then every unclean shutdown of a
   * `NORMAL` store counts as a possible loss.
   */
  bootId?: string | null;
  /** Derived state (spent calls, idempotency keys) is written after this many approvals… */
  derivedBatch?: number;
  /** …or this long after the first unwritten one when fewer arrive (default 1 s). */
  derivedIntervalMs?: number;
};

/** Linux's id of the current boot, or null where there is none. */
export function readBootId(): string | null {
  try {
    const id = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return id === "" ? null : id;
  } catch {
    return null;
  }
}

/** What the run-state marker in `meta` holds: written durably at open (clean: false) and at close (clean: true). */
type RunState = { boot_id: string | null; synchronous: "FULL" | "NORMAL"; clean: boolean; opened_at_ms: number };

/**
 * A possible loss not yet acted on, in its own meta key (`loss_suspected`): kept over later runs
 * — a CLI command that only opens the store, or an older Warden that rewrites the run marker
 * before failing — until a Warden has armed the kill switch ({@link Store.acknowledgeStartup}).
 */
type LossSuspected = { cause: "unclean_shutdown_across_reboot" | "previous_run_unknown"; since_ms: number };

/**
 * How the previous run of this file ended, from its marker and this boot's id. At `NORMAL`, a commit
 * is durable against a process crash (the OS has it) but not against a power loss until the next
 * checkpoint syncs the WAL; a run that never closed, on a boot that is not this one, may have lost
 * its last commits.
 */
export function assessStartup(
  previous: RunState | null,
  bootId: string | null,
  { fileHasHistory = false, suspected = null }: { fileHasHistory?: boolean; suspected?: LossSuspected | null } = {},
): StoreStartup {
  const lost = (cause: LossSuspected["cause"] | undefined) => (cause ? { decisions_may_be_lost: true, loss_cause: cause } : { decisions_may_be_lost: false });
  // A file with history but no marker was last run by a version that kept none: how it ended is unknown.
  if (previous === null)
    return { previous_run: fileHasHistory ? "unknown" : "none", ...lost(suspected?.cause ?? (fileHasHistory ? "previous_run_unknown" : undefined)) };
  if (previous.clean) return { previous_run: "clean", ...lost(suspected?.cause) };
  const sameBoot = previous.boot_id !== null && bootId !== null && previous.boot_id === bootId;
  return {
    previous_run: sameBoot ? "crashed" : "crashed_across_reboot",
    ...lost(suspected?.cause ?? (!sameBoot && previous.synchronous === "NORMAL" ? "unclean_shutdown_across_reboot" : undefined)),
    previous_opened_at_ms: previous.opened_at_ms,
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_grants (grant_id TEXT PRIMARY KEY, json TEXT NOT NULL, consumed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sessions (
  session_id TEXT PRIMARY KEY, credential_hash TEXT NOT NULL UNIQUE, json TEXT NOT NULL,
  calls_derived INTEGER NOT NULL, last_used_ms INTEGER NOT NULL, revoked_at_ms INTEGER, revoke_reason TEXT);
CREATE TABLE IF NOT EXISTS kill_switches (scope TEXT NOT NULL, target TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (scope, target));
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, kind TEXT NOT NULL,
  payload_json TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
  session_id TEXT, intent_id TEXT);
-- The idempotency record is the audit record itself: one write per decision, and no decision
-- can exist without its audit entry. It is found through a 64-bit key of (session_id, intent_id)
-- (16 bytes an entry, against ~150 for an index on the two texts); a lookup compares the full ids,
-- so two intents sharing a key stay apart. Keys, like the sessions' spent calls, are derived from
-- the audit records and written in batches: meta 'derived_to_seq' says up to which record they are
-- on disk, and opening the file derives the rest from the records after it. (The column is
-- calls_derived, not the calls_used of format 1, so that an older Warden, which would trust the
-- counter as complete, cannot open the file.)
CREATE TABLE IF NOT EXISTS decision_keys (k INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (k, seq)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`;

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

/** `PRAGMA user_version` of the file layout this code writes; a newer file is refused. */
const FORMAT_VERSION = 2;
/** Meta keys the store keeps for itself. */
const RESERVED_META = new Set(["run_state", "derived_to_seq", "opened_at_ms", "loss_suspected"]);

/** The idempotency key of a decision: the first 64 bits of sha256(session_id, intent_id). */
const decisionKey = (sessionId: string, intentId: string): bigint =>
  createHash("sha256").update(sessionId).update("\u0000").update(intentId).digest().readBigInt64BE(0);

/** Closes what an open that failed had opened; the lock's connection last (closing it releases the lock). */
function closeQuietly(db: DatabaseSync | undefined, lock: DatabaseSync | null): void {
  for (const c of [db, lock]) {
    try {
      if (c?.isOpen) c.close();
    } catch {
      // Already unusable; nothing else to undo.
    }
  }
}

function scopeFromJson(s: Record<string, unknown>): SessionScope {
  return { ...(s as unknown as SessionScope), max_per_call_size_micros: BigInt(s.max_per_call_size_micros as string) };
}

/**
 * Opens (or creates) the embedded store: one SQLite file (Node's `node:sqlite`, WAL), exclusively
 * locked by this process. State is served from memory and every change is written through; changes
 * made in the same event-loop turn are committed together (group commit), and each operation
 * resolves only after its transaction is durable. If a commit fails, the store refuses everything
 * until restarted, which reloads the last committed state (fail closed).
 *
 * @param params - File path and durability level.
 * @returns The store.
 * @example
 * const store = await createEmbeddedStore({ path: ".warden/warden.db", synchronous: "FULL" })
 */
export async function createEmbeddedStore({
  path,
  synchronous,
  maxPageCount,
  exposureTtlMs = 86_400_000,
  bootId = readBootId(),
  derivedBatch = 1024,
  derivedIntervalMs = 1000,
}: EmbeddedStoreParameters): Promise<Store> {
  const onDisk = path !== ":memory:";
  if (onDisk) mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync;
  let lock: DatabaseSync | null = null;
  let startup: StoreStartup = { previous_run: "none", decisions_may_be_lost: false };
  const marker: RunState = { boot_id: bootId, synchronous, clean: false, opened_at_ms: Date.now() };
  try {
    // One Warden process owns the file: budgets are enforced in its memory, so a second writer
    // would double-spend them. The lock is an exclusive transaction on a companion file, held for
    // the store's life and released by the OS if the process dies; it is taken now, not at the
    // first signature. (The database itself stays shareable so a checkpointer thread can reach it.)
    if (onDisk) {
      lock = new DatabaseSync(`${path}.lock`);
      lock.exec("PRAGMA busy_timeout = 0");
      lock.exec("BEGIN EXCLUSIVE");
    }
    db = new DatabaseSync(path);
    // 8 KiB pages (a new file only): a decision's record fits one page with room to spare.
    db.exec("PRAGMA page_size = 8192");
    db.exec("PRAGMA journal_mode = WAL");
    // FULL until the run marker below is on disk; then the configured level.
    db.exec("PRAGMA synchronous = FULL");
    // Locks shared with the checkpointer thread are held for microseconds; wait rather than fail.
    db.exec("PRAGMA busy_timeout = 5000");
    // Checkpoints run on a worker thread (backgroundCheckpointer). This automatic one, every ~80 MB
    // of WAL, finishes the few frames that thread has not copied yet (so the WAL restarts) and is
    // the backstop should that thread be unable to run.
    db.exec(`PRAGMA wal_autocheckpoint = ${onDisk ? 10_000 : 1000}`);
    const format = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
    if (format > FORMAT_VERSION)
      throw new StoreUnavailableError({
        operation: "open",
        problem: `${path} has store format ${format}, newer than this Warden understands (${FORMAT_VERSION}): run the Warden version that wrote it, or a newer one.`,
      });
    const hadHistory =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'").get() !== undefined &&
      db.prepare("SELECT 1 FROM audit LIMIT 1").get() !== undefined;
    db.exec(SCHEMA);
    // A file written before decision_keys existed: index its decisions once, then drop the old index.
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'audit_intent'").get()) {
      db.exec("BEGIN IMMEDIATE");
      const insertKey = db.prepare("INSERT INTO decision_keys (k, seq) VALUES (?, ?)");
      for (const r of db.prepare("SELECT seq, session_id, intent_id FROM audit WHERE intent_id IS NOT NULL").iterate())
        insertKey.run(decisionKey(String(r.session_id), String(r.intent_id)), Number(r.seq));
      db.exec("DROP INDEX audit_intent");
      db.exec("COMMIT");
    }
    // Format 1 wrote spent calls and keys with every approval: they are complete up to the last
    // record. Rename the counter (an older Warden then cannot open the file) and say so.
    if (db.prepare("SELECT 1 FROM pragma_table_info('sessions') WHERE name = 'calls_used'").get()) {
      db.exec("BEGIN IMMEDIATE");
      db.exec("ALTER TABLE sessions RENAME COLUMN calls_used TO calls_derived");
      // (A file that already says how far its derived state goes keeps that: the rest is derived below.)
      db.prepare("INSERT INTO meta (key, value) VALUES ('derived_to_seq', (SELECT coalesce(max(seq), 0) FROM audit)) ON CONFLICT(key) DO NOTHING").run();
      db.exec("COMMIT");
    }
    db.exec(`PRAGMA user_version = ${FORMAT_VERSION}`);
    if (maxPageCount !== undefined) db.exec(`PRAGMA max_page_count = ${Math.floor(maxPageCount)}`);
    // The run marker: how the last run ended decides whether its last commits can be trusted, and
    // this run's marker must be on disk (FULL) before the first decision can be committed.
    const metaValue = (key: string) => db.prepare("SELECT value FROM meta WHERE key = ?").get(key)?.value;
    if (onDisk) {
      const row = metaValue("run_state");
      const suspected = metaValue("loss_suspected");
      startup = assessStartup(row === undefined ? null : (JSON.parse(String(row)) as RunState), bootId, {
        fileHasHistory: hadHistory,
        suspected: suspected === undefined ? null : (JSON.parse(String(suspected)) as LossSuspected),
      });
    }
    const setMetaNow = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    db.exec("BEGIN IMMEDIATE");
    if (startup.loss_cause && metaValue("loss_suspected") === undefined)
      setMetaNow.run("loss_suspected", JSON.stringify({ cause: startup.loss_cause, since_ms: marker.opened_at_ms } satisfies LossSuspected));
    setMetaNow.run("run_state", JSON.stringify(marker));
    db.exec("COMMIT");
    db.exec(`PRAGMA synchronous = ${synchronous}`);
  } catch (cause) {
    closeQuietly(db! as DatabaseSync | undefined, lock);
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError({ operation: "open", cause });
  }
  let checkpointer: ReturnType<typeof startBackgroundCheckpointer> | null = null;
  const checkpointerStartedAt = Date.now();
  try {
    checkpointer = onDisk ? startBackgroundCheckpointer({ path, intervalMs: 100 }) : null;
    return await openLoaded();
  } catch (cause) {
    await checkpointer?.stop();
    closeQuietly(db, lock);
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError({ operation: "open", cause });
  }

  // Everything after the file is open and locked: load, derive, and build the store.
  async function openLoaded(): Promise<Store> {
    const stmt = {
      insertGrant: db.prepare("INSERT INTO pending_grants (grant_id, json) VALUES (?, ?)"),
      consumeGrant: db.prepare("UPDATE pending_grants SET consumed = 1 WHERE grant_id = ?"),
      insertSession: db.prepare(
        "INSERT INTO sessions (session_id, credential_hash, json, calls_derived, last_used_ms) VALUES (?, ?, ?, ?, ?)",
      ),
      useSession: db.prepare("UPDATE sessions SET calls_derived = ?, last_used_ms = ? WHERE session_id = ?"),
      discardGrants: db.prepare("UPDATE pending_grants SET consumed = 1 WHERE consumed = 0"),
      revokeSession: db.prepare("UPDATE sessions SET revoked_at_ms = ?, revoke_reason = ? WHERE session_id = ?"),
      upsertKill: db.prepare(
        "INSERT INTO kill_switches (scope, target, json) VALUES (?, ?, ?) ON CONFLICT(scope, target) DO UPDATE SET json = excluded.json",
      ),
      getDecision: db.prepare(
        "SELECT a.seq, a.payload_json, a.session_id, a.intent_id FROM decision_keys d JOIN audit a ON a.seq = d.seq WHERE d.k = ?",
      ),
      insertKey: db.prepare("INSERT INTO decision_keys (k, seq) VALUES (?, ?)"),
      // Replay at open: a key may already be there (written by an interrupted open); same row, ignore.
      insertKeyIfAbsent: db.prepare("INSERT OR IGNORE INTO decision_keys (k, seq) VALUES (?, ?)"),
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      insertAudit: db.prepare(
        "INSERT INTO audit (seq, at_ms, kind, payload_json, prev_hash, hash, session_id, intent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      readAudit: db.prepare(
        "SELECT seq, at_ms, kind, payload_json, prev_hash, hash FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?",
      ),
      setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      deleteMeta: db.prepare("DELETE FROM meta WHERE key = ?"),
      auditOfKind: db.prepare("SELECT seq, at_ms, kind, payload_json, prev_hash, hash FROM audit WHERE kind = ? ORDER BY seq"),
      allAudit: db.prepare("SELECT seq, at_ms, kind, payload_json, prev_hash, hash FROM audit ORDER BY seq"),
    } satisfies Record<string, StatementSync>;

    // ---- load committed state into memory
    const sessions = new Map<Hex, SessionRecord>();
    const byCredential = new Map<string, SessionRecord>();
    for (const row of db.prepare("SELECT * FROM sessions").all()) {
      const base = JSON.parse(row.json as string) as SessionRecord & { scope: Record<string, unknown> };
      const s: SessionRecord = {
        ...base,
        scope: scopeFromJson(base.scope),
        calls_used: Number(row.calls_derived),
        last_used_ms: Number(row.last_used_ms),
        revoked_at_ms: row.revoked_at_ms === null ? null : Number(row.revoked_at_ms),
        revoke_reason: (row.revoke_reason as RevokeReason | null) ?? null,
      };
      sessions.set(s.session_id, s);
      byCredential.set(s.credential_hash, s);
    }
    const grants = new Map<Hex, PendingGrant>();
    for (const row of db.prepare("SELECT json FROM pending_grants WHERE consumed = 0").all()) {
      const g = JSON.parse(row.json as string) as PendingGrant & { scope: Record<string, unknown> };
      grants.set(g.grant_id, { ...g, scope: scopeFromJson(g.scope) });
    }
    const kills = new Map<string, KillSwitchRecord>();
    for (const row of db.prepare("SELECT json FROM kill_switches").all()) {
      const k = JSON.parse(row.json as string) as KillSwitchRecord;
      kills.set(`${k.scope}:${k.target}`, k);
    }
    const head = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").get();
    let headSeq = head ? Number(head.seq) : 0;
    let headHash = head ? String(head.hash) : AUDIT_GENESIS_HASH;
    const meta = new Map<string, string>();
    for (const row of db.prepare("SELECT key, value FROM meta").all()) meta.set(String(row.key), String(row.value));
    // Every idempotency key on disk or on its way there: a new intent's lookup skips the database.
    const knownKeys = createKeyFilter();
    /** Writes idempotency keys (in key order: neighbouring keys share B-tree pages), sessions' spent calls, and how far they go. */
    const writeDerivedRows = (keys: Array<readonly [bigint, number]>, touched: Iterable<SessionRecord>, insert: StatementSync): void => {
      keys.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [k, seq] of keys) insert.run(k, seq);
      for (const s of touched) stmt.useSession.run(s.calls_used, s.last_used_ms, s.session_id);
      stmt.setMeta.run("derived_to_seq", String(headSeq));
    };
    // Derive what the last run had not yet written: each approval after 'derived_to_seq' spent one
    // call of its session and is an idempotency key. (Files from before batching got the marker at
    // their upgrade above; a file without one has derived nothing yet.)
    {
      const derivedTo = Number(meta.get("derived_to_seq") ?? 0);
      const keys: Array<readonly [bigint, number]> = [];
      const touched = new Set<SessionRecord>();
      for (const r of db.prepare("SELECT seq, at_ms, session_id, intent_id FROM audit WHERE seq > ? AND intent_id IS NOT NULL ORDER BY seq").iterate(derivedTo)) {
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
    let killEpoch = 0;
    // Approvals whose idempotency keys and spent calls are not on disk yet (their audit records are,
    // or are about to be): looked up here first, written in a batch by writeDerived.
    const recentDecisions = new Map<string, { stored: StoredDecision; k: bigint }>();
    const dirtySessions = new Set<SessionRecord>();
    let derivedDue = false;
    // Every audit record up to this one is committed (at the configured level).
    let durableSeq = headSeq;
    // The last key a lookup found absent, and the audit head then: while no record has been appended
    // since, it is still absent (a decision is an audit record), so the commit's re-check needs no query.
    // Its 64-bit key is kept too: the commit that follows writes it without hashing again.
    let absent = { key: "", headSeq: -1, k: 0n };
    const keyOf = (sessionId: string, intentId: string): bigint =>
      `${sessionId}:${intentId}` === absent.key ? absent.k : decisionKey(sessionId, intentId);
    // Exposure is derived from the audit log itself: approvals carry their claim, releases end it.
    const ledger = new ExposureLedger({ ttlMs: exposureTtlMs });
    // Walk back from the newest record (seq order is time order, give or take clock steps: an hour
    // of margin) instead of keeping an index on time that every append would pay for.
    const recent: { kind: string; payload_json: string; at_ms: number }[] = [];
    const cutoff = Date.now() - exposureTtlMs;
    for (const row of db.prepare("SELECT kind, payload_json, at_ms FROM audit ORDER BY seq DESC").iterate()) {
      if (Number(row.at_ms) < cutoff - 3_600_000) break;
      if (Number(row.at_ms) >= cutoff) recent.push({ kind: String(row.kind), payload_json: String(row.payload_json), at_ms: Number(row.at_ms) });
    }
    for (const row of recent.reverse()) {
      const payload = JSON.parse(row.payload_json) as { exposure?: Record<string, unknown>; intent_id?: string; strategy_id?: string };
      if (row.kind === "decision" && payload.exposure) {
        // The claim omits what the record already says (intent, strategy, time); older records repeat them.
        const e = payload.exposure;
        ledger.add({
          intent_id: (e.intent_id ?? payload.intent_id) as string,
          strategy_id: (e.strategy_id ?? payload.strategy_id) as string,
          cluster_id: e.cluster_id as string,
          condition_id: e.condition_id as string,
          side: e.side as ExposureEntry["side"],
          notional_micros: BigInt(e.notional_micros as string),
          at_ms: (e.at_ms as number | undefined) ?? row.at_ms,
        });
      } else if (row.kind === "exposure_released" && payload.intent_id) ledger.release(payload.intent_id);
    }

    // ---- group commit
    let batch: Array<() => void> = [];
    let waiters: Waiter[] = [];
    let scheduled = false;
    let failure: unknown = null;
    let closed = false;

    const flush = (): void => {
      scheduled = false;
      const ops = batch;
      const ws = waiters;
      batch = [];
      waiters = [];
      if (ops.length === 0) return;
      try {
        if (failure) throw failure;
        stmt.begin.run();
        for (const op of ops) op();
        const derived = derivedDue || recentDecisions.size >= derivedBatch;
        if (derived) writeDerived();
        stmt.commit.run();
        durableSeq = headSeq;
        if (derived) {
          derivedDue = false;
          recentDecisions.clear();
          dirtySessions.clear();
        }
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

    /** Inside flush's transaction: every recent approval's key, the dirty sessions' spent calls, and how far that goes. */
    const writeDerived = (): void =>
      writeDerivedRows(
        [...recentDecisions.values()].map((d) => [d.k, d.stored.audit_seq] as const),
        dirtySessions,
        stmt.insertKey,
      );
    // An idle store still gets its derived state on disk within a second (it is also written at close).
    const derivedTimer = setInterval(() => {
      if (recentDecisions.size === 0 || closed || failure) return;
      derivedDue = true;
      enqueue(() => {}).catch(() => {
        // A failed commit already fails the store closed; nobody waits on this one.
      });
    }, derivedIntervalMs);
    derivedTimer.unref();

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

    const assertHealthy = (): void => {
      if (closed) throw new StoreUnavailableError({ operation: "closed" });
      if (failure) throw new StoreUnavailableError({ operation: "previous commit failed", cause: failure });
    };

    const appendAuditInMemory = (
      input: AuditInput,
      decision: StoredDecision | null = null,
    ): { record: AuditRecord; write: () => void } => {
      const seq = headSeq + 1;
      // A decision's audit record is also its idempotency record, so it always carries the outcome.
      const payload = decision
        ? { ...input.payload, decision: decision.decision, reason_code: decision.reason_code, signature: decision.signature }
        : input.payload;
      const payload_json = toJson(payload);
      const record: AuditRecord = {
        seq,
        at_ms: input.at_ms,
        kind: input.kind,
        payload_json,
        prev_hash: headHash,
        hash: auditHash({ prev_hash: headHash, seq, at_ms: input.at_ms, kind: input.kind, payload_json }),
      };
      headSeq = seq;
      headHash = record.hash;
      return {
        record,
        write: () => {
          stmt.insertAudit.run(
            record.seq,
            record.at_ms,
            record.kind,
            record.payload_json,
            record.prev_hash,
            record.hash,
            decision?.session_id ?? null,
            decision?.intent_id ?? null,
          );
        },
      };
    };

    const sessionJson = (s: SessionRecord): string =>
      toJson({ ...s, calls_used: 0, last_used_ms: 0, revoked_at_ms: null, revoke_reason: null });

    const revokeInMemory = (ids: Hex[], reason: RevokeReason, atMs: number): Array<() => void> => {
      const ops: Array<() => void> = [];
      for (const id of ids) {
        const s = sessions.get(id);
        if (!s || s.revoked_at_ms !== null) continue;
        s.revoked_at_ms = atMs;
        s.revoke_reason = reason;
        ops.push(() => stmt.revokeSession.run(atMs, reason, id));
      }
      killEpoch++;
      return ops;
    };

    const toRecord = (r: Record<string, unknown>): AuditRecord => ({
      seq: Number(r.seq),
      at_ms: Number(r.at_ms),
      kind: r.kind as AuditRecord["kind"],
      payload_json: String(r.payload_json),
      prev_hash: String(r.prev_hash),
      hash: String(r.hash),
    });

    /** The recorded decision of an intent, possibly one whose commit is still under way. */
    const findDecision = (sessionId: string, intentId: string): StoredDecision | undefined => {
      const key = `${sessionId}:${intentId}`;
      const recent = recentDecisions.get(key);
      if (recent) return recent.stored;
      if (key === absent.key && headSeq === absent.headSeq) return undefined;
      const k = decisionKey(sessionId, intentId);
      if (!knownKeys.mightContain(k)) {
        absent = { key, headSeq, k };
        return undefined;
      }
      const row = stmt.getDecision.all(k).find((r) => r.session_id === sessionId && r.intent_id === intentId);
      if (!row) {
        absent = { key, headSeq, k };
        return undefined;
      }
      // The idempotency record is the approval's audit record: its payload carries the decision.
      const p = JSON.parse(String(row.payload_json)) as { decision: "APPROVE" | "DENY"; reason_code: StoredDecision["reason_code"]; signature?: Hex };
      return { session_id: sessionId as Hex, intent_id: intentId, decision: p.decision, reason_code: p.reason_code, signature: p.signature ?? null, audit_seq: Number(row.seq) };
    };

    /** The WAL's last sync by the background checkpoint: at NORMAL, about the window a power loss could take. */
    const gauges = (): StoreGauge[] => {
      // At FULL every commit syncs the WAL itself (no window to report); in memory there is no WAL.
      if (!checkpointer || synchronous !== "NORMAL") return [];
      const wal = checkpointer.stats();
      const since = wal.last_sync_at_ms ?? checkpointerStartedAt;
      return [
        {
          name: "warden_store_wal_sync_age_seconds",
          help: "Seconds since a background checkpoint last synced the WAL; at store.synchronous=NORMAL, about what a power loss could take (normally ~0.1).",
          // Wall-clock (the checkpointer's own clock), not an injectable one.
          value: Math.max(0, Date.now() - since) / 1000,
        },
        { name: "warden_store_wal_checkpoint_failures", help: "Background WAL checkpoints that failed since start (each is retried).", value: wal.failures },
      ];
    };

    const store: Store = {
      startup: async () => startup,

      async savePendingGrant(grant, audit) {
        assertHealthy();
        grants.set(grant.grant_id, grant);
        const a = appendAuditInMemory(audit);
        await enqueue(() => {
          stmt.insertGrant.run(grant.grant_id, toJson(grant));
          a.write();
        });
      },
      async getPendingGrant(grantId) {
        assertHealthy();
        return grants.get(grantId);
      },
    async discardPendingGrants(audit) {
      assertHealthy();
      const ids = [...grants.keys()];
      grants.clear();
      const a = appendAuditInMemory(audit(ids));
      await enqueue(() => {
        stmt.discardGrants.run();
        a.write();
      });
      return ids;
    },

      async issueSession(session, grantId, audit) {
        assertHealthy();
        grants.delete(grantId);
        sessions.set(session.session_id, session);
        byCredential.set(session.credential_hash, session);
        const a = appendAuditInMemory(audit);
        const row = [session.session_id, session.credential_hash, sessionJson(session), session.calls_used, session.last_used_ms] as const;
        await enqueue(() => {
          stmt.consumeGrant.run(grantId);
          stmt.insertSession.run(...row);
          a.write();
        });
        return a.record;
      },
      async getSession(id) {
        assertHealthy();
        return sessions.get(id);
      },
      async findSessionByCredentialHash(hash) {
        assertHealthy();
        return byCredential.get(hash);
      },
      async listSessions() {
        assertHealthy();
        return [...sessions.values()];
      },

      async revokeSessions(ids, reason, atMs, audit) {
        assertHealthy();
        const ops = revokeInMemory(ids, reason, atMs);
        const a = appendAuditInMemory(audit);
        await enqueue(() => {
          for (const op of ops) op();
          a.write();
        });
        return a.record;
      },

      async killSwitches() {
        assertHealthy();
        return { switches: [...kills.values()], epoch: killEpoch };
      },
      async setKillSwitch(record, revokeIds, audit) {
        assertHealthy();
        kills.set(`${record.scope}:${record.target}`, record);
        const ops = revokeInMemory(revokeIds, "kill_switch", record.changed_at_ms);
        const a = appendAuditInMemory(audit);
        await enqueue(() => {
          stmt.upsertKill.run(record.scope, record.target, toJson(record));
          for (const op of ops) op();
          a.write();
        });
        return a.record;
      },

      async decisionSnapshot(sessionId, intentId) {
        assertHealthy();
        return {
          session: sessions.get(sessionId),
          existing: findDecision(sessionId, intentId),
          kill: { switches: [...kills.values()], epoch: killEpoch },
          exposure: ledger,
        };
      },

      awaitDurable(seq) {
      if (seq <= durableSeq) return Promise.resolve();
      if (failure || closed) return Promise.reject(new StoreUnavailableError({ operation: "commit", cause: failure }));
      // The record is in the batch now being gathered: this resolves (or rejects) with that commit.
      return enqueue(() => {});
    },

    async commitDecision({ decision, audit, reserve, flush: when }): Promise<CommitDecisionResult> {
        assertHealthy();
        const key = `${decision.session_id}:${decision.intent_id}`;
        // Check-and-reserve runs synchronously here, so nothing interleaves between them.
        if (findDecision(decision.session_id, decision.intent_id)) return { status: "conflict" };
        const session = sessions.get(decision.session_id);
        if (
          !session ||
          session.revoked_at_ms !== null ||
          session.calls_used !== reserve.expected_calls_used ||
          killEpoch !== reserve.expected_kill_epoch ||
          (reserve.exposure && ledger.version !== reserve.exposure.expected_ledger_version)
        )
          return { status: "conflict" };
        if (reserve.exposure) ledger.add(reserve.exposure.entry);
        // The spent call is the audit record itself (see writeDerived for when the counter reaches disk).
        session.calls_used += 1;
        session.last_used_ms = audit.at_ms;
        dirtySessions.add(session);
        const a = appendAuditInMemory(audit, decision);
        const k = keyOf(decision.session_id, decision.intent_id);
        knownKeys.add(k);
        recentDecisions.set(key, { stored: { ...decision, audit_seq: a.record.seq }, k });
        await enqueue(a.write, when === "alone");
        return { status: "committed", audit: a.record };
      },

      async appendAudit(input) {
        assertHealthy();
        const a = appendAuditInMemory(input);
        await enqueue(a.write);
        return a.record;
      },

      async acknowledgeStartup() {
        assertHealthy();
        if (!startup.decisions_may_be_lost) return;
        await enqueue(() => stmt.deleteMeta.run("loss_suspected"));
      },

      async health() {
        try {
          assertHealthy();
          return { ok: true, gauges: gauges() };
        } catch (e) {
          return { ok: false, problem: e instanceof Error ? e.message : "unavailable", gauges: gauges() };
        }
      },

      async exposure() {
        assertHealthy();
        return ledger;
      },
      async getMeta(key) {
        assertHealthy();
        return meta.get(key);
      },
      async setMeta(key, value) {
        if (RESERVED_META.has(key)) throw new InvalidParameterError({ field: `meta key ${key}`, fix: "Use another key: this one belongs to the store." });
        assertHealthy();
        meta.set(key, value);
        await enqueue(() => stmt.setMeta.run(key, value));
      },

      async releaseExposure(intentId, _reason, audit) {
        assertHealthy();
        if (!ledger.release(intentId)) return false;
        const a = appendAuditInMemory(audit);
        await enqueue(a.write);
        return true;
      },

      async readAuditOfKind(kind) {
        return stmt.auditOfKind.all(kind).map(toRecord);
      },

      async readAudit(fromSeq, limit) {
        return stmt.readAudit.all(fromSeq, limit).map(toRecord);
      },

      async verifyAudit(): Promise<AuditVerification> {
        let prev = AUDIT_GENESIS_HASH;
        let expectedSeq = 1;
        let count = 0;
        for (const r of stmt.allAudit.iterate()) {
          const seq = Number(r.seq);
          if (seq !== expectedSeq) return { ok: false, records: count, broken_at_seq: seq, problem: "seq_gap" };
          if (r.prev_hash !== prev) return { ok: false, records: count, broken_at_seq: seq, problem: "prev_mismatch" };
          const h = auditHash({
            prev_hash: prev,
            seq,
            at_ms: Number(r.at_ms),
            kind: String(r.kind),
            payload_json: String(r.payload_json),
          });
          if (h !== r.hash) return { ok: false, records: count, broken_at_seq: seq, problem: "hash_mismatch" };
          prev = h;
          expectedSeq++;
          count++;
        }
        return { ok: true, records: count, head: prev };
      },

      close() {
        closing ??= closeOnce();
        return closing;
      },
    };

    let closing: Promise<void> | null = null;
    // Flushes what is pending (derived state included), stops the checkpointer, marks the run clean.
    async function closeOnce(): Promise<void> {
      clearInterval(derivedTimer);
      if (recentDecisions.size > 0 && !failure) derivedDue = true;
      if (batch.length > 0 || derivedDue) {
        if (batch.length === 0) batch.push(() => {});
        flush();
      }
      closed = true;
      await checkpointer?.stop();
      // A clean end, on disk (FULL also syncs every earlier NORMAL commit in the WAL). Not after a
      // failed commit: the next start should not vouch for this run.
      if (onDisk && !failure) {
        try {
          db.exec("PRAGMA synchronous = FULL");
          stmt.setMeta.run("run_state", JSON.stringify({ ...marker, clean: true }));
        } catch {
          // The marker stays "unclean": the next start treats this run as a crash, which is the safe reading.
        }
      }
      db.close();
      lock?.close();
    }
    return store;
  }
}
