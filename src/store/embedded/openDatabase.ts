import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { closeQuietly } from "./closeQuietly";
import { decisionKey } from "../decisionKey";
import { type RunMarker, startRun } from "./startRun";

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
-- Keys a session needs to be signed for, sealed (AES-256-GCM) by the caller: never a plaintext key.
CREATE TABLE IF NOT EXISTS sealed_keys (name TEXT PRIMARY KEY, blob TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decision_keys (k INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (k, seq)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`;

/** `PRAGMA user_version` of the file layout this code writes; a newer file is refused. */
const FORMAT_VERSION = 2;

/** The store's file, open, locked, upgraded to this format, with this run's marker on disk. */
export type OpenedDatabase = { db: DatabaseSync; lock: DatabaseSync | null; onDisk: boolean; run: RunMarker };

/**
 * Opens (or creates) the store's SQLite file: takes the single-owner lock, sets the pragmas,
 * refuses a newer format, upgrades an older one, and starts this run ({@link startRun}). An open
 * that fails closes what it had opened.
 *
 * @param params.path - Database file; `:memory:` for throwaway use.
 * @param params.synchronous - The durability level once the run marker is on disk.
 * @param params.maxPageCount - Caps the file at this many pages.
 * @param params.bootId - This boot of the machine (see {@link EmbeddedStoreParameters.bootId}).
 * @returns The connections and the run marker.
 * @throws {StoreUnavailableError} (`open`) when the file is locked, unreadable or of a newer format.
 * @example
 * const { db, lock, run } = openDatabase({ path: ".warden/warden.db", synchronous: "NORMAL", bootId: readBootId() })
 */
export function openDatabase({
  path,
  synchronous,
  maxPageCount,
  bootId,
}: {
  path: string;
  synchronous: "FULL" | "NORMAL";
  maxPageCount?: number | undefined;
  bootId: string | null;
}): OpenedDatabase {
  const openedAtMs = Date.now();
  const onDisk = path !== ":memory:";
  if (onDisk) mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync | undefined;
  let lock: DatabaseSync | null = null;
  try {
    // One Warden process owns the file: budgets are enforced in its memory, so a second writer
    // would double-spend them. The lock is an exclusive transaction on a companion file, held for
    // the store's life and released by the OS if the process dies; it is taken now, not at the
    // first signature. (The database itself stays shareable so a checkpointer thread can reach it.)
    if (onDisk) {
      lock = new DatabaseSync(`${path}.lock`);
      lock.exec("PRAGMA busy_timeout = 0");
      try {
        lock.exec("BEGIN EXCLUSIVE");
      } catch (cause) {
        if ((cause as { errcode?: number }).errcode !== 5) throw cause; // SQLITE_BUSY: held
        throw new StoreUnavailableError({ operation: "open", problem: `${path} is open in another running Warden (it holds ${path}.lock): stop that Warden first, or read it through its API (warden audit tail).`, cause });
      }
    }
    db = new DatabaseSync(path);
    // 8 KiB pages (a new file only): a decision's record fits one page with room to spare.
    db.exec("PRAGMA page_size = 8192");
    db.exec("PRAGMA journal_mode = WAL");
    // FULL until the run marker is on disk (startRun); then the configured level.
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
    upgrade(db);
    db.exec(`PRAGMA user_version = ${FORMAT_VERSION}`);
    if (maxPageCount !== undefined) db.exec(`PRAGMA max_page_count = ${Math.floor(maxPageCount)}`);
    const run = startRun(db, { onDisk, hadHistory, bootId, synchronous, openedAtMs });
    return { db, lock, onDisk, run };
  } catch (cause) {
    closeQuietly(db, lock);
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError({ operation: "open", cause });
  }
}

/** Brings a file of an older format to this one (its tables already exist: SCHEMA ran). */
function upgrade(db: DatabaseSync): void {
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
    // (A file that already says how far its derived state goes keeps that: the rest is derived at load, by createDecisionIndex.)
    db.prepare("INSERT INTO meta (key, value) VALUES ('derived_to_seq', (SELECT coalesce(max(seq), 0) FROM audit)) ON CONFLICT(key) DO NOTHING").run();
    db.exec("COMMIT");
  }
}
