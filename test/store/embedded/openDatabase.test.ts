import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../../src/errors/StoreUnavailableError";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { T0 } from "../../helpers/guardFixtures";
import { approve, audit, seed, tempDir } from "../storeFixtures";

// The file itself: one owner, append-only audit table, formats old and new. (Opened through the
// store, which is how openDatabase is reached.)
describe("embedded store file", () => {
  const open = (path: string) => createEmbeddedStore({ path, synchronous: "FULL" });

  test("a second process cannot open the same file (budgets live in one process's memory)", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    await expect(open(path)).rejects.toBeInstanceOf(StoreUnavailableError);
    // Regression (stop 27 review): `warden audit verify` beside a running Warden said "Warden could
    // not record this decision; the order was not signed." The refusal now says who holds the file.
    const refused = (await open(path).catch((e: unknown) => e)) as StoreUnavailableError;
    expect(refused.shortMessage).toBe("The store could not be opened.");
    expect(refused.metaMessages.join(" ")).toContain("open in another running Warden");
    await store.close();
  });

  test("the audit table refuses UPDATE and DELETE", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    await store.appendAudit(audit(1));
    await store.close();
    const db = new DatabaseSync(path);
    expect(() => db.exec("UPDATE audit SET payload_json = '{}'")).toThrow(/append-only/);
    expect(() => db.exec("DELETE FROM audit")).toThrow(/append-only/);
    db.close();
  });

  test("a new file has 8 KiB pages (a decision's record fits one page)", async () => {
    const path = join(tempDir(), "w.db");
    await (await open(path)).close();
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare("PRAGMA page_size").get()).toEqual({ page_size: 8192 });
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
  });
});

describe("embedded store file formats", () => {
  const open = (path: string) => createEmbeddedStore({ path, synchronous: "FULL" });

  /** Rewinds a closed file to an earlier layout: format 1 (counters written with every approval), or 0 (no key table either). */
  const rewind = (path: string, format: 0 | 1) => {
    const db = new DatabaseSync(path);
    if (format === 0) {
      db.exec("DROP TABLE decision_keys");
      db.exec("CREATE UNIQUE INDEX audit_intent ON audit (session_id, intent_id) WHERE intent_id IS NOT NULL");
    }
    db.exec("ALTER TABLE sessions RENAME COLUMN calls_derived TO calls_used");
    db.exec("DELETE FROM meta WHERE key IN ('run_state', 'derived_to_seq')");
    db.exec(`INSERT INTO meta (key, value) VALUES ('opened_at_ms', '${T0}')`);
    db.exec("PRAGMA user_version = 0");
    db.close();
  };

  test.each([0, 1] as const)("a file of format %i keeps its idempotency records and budgets, and is upgraded at open", async (format) => {
    const path = join(tempDir(), "old.db");
    const store = await open(path);
    const s = await seed(store);
    await approve(store, s.session_id, "int_old", 0, "0x0d");
    await store.close();
    rewind(path, format);

    const again = await open(path);
    expect((await again.decisionSnapshot(s.session_id, "int_old")).existing).toMatchObject({ decision: "APPROVE", signature: "0x0d" });
    expect((await again.getSession(s.session_id))?.calls_used).toBe(1);
    expect(await again.verifyAudit()).toMatchObject({ ok: true });
    // Nothing says how its last run ended: treated as a possible loss (Warden arms the kill switch).
    expect(await again.startup()).toMatchObject({ previous_run: "unknown", decisions_may_be_lost: true });
    await again.close();
    const check = new DatabaseSync(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'audit_intent'").get()).toBeUndefined();
    expect(check.prepare("SELECT count(*) AS n FROM decision_keys").get()).toEqual({ n: 1 });
    expect(check.prepare("PRAGMA user_version").get()).toEqual({ user_version: 2 });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'derived_to_seq'").get()).toEqual({ value: "3" });
    // An older Warden, which would trust calls_used as complete, cannot prepare its statements on this file.
    expect(() => check.prepare("UPDATE sessions SET calls_used = ?, last_used_ms = ? WHERE session_id = ?")).toThrow(/calls_used/);
    check.close();
  });

  test("a file whose counter column is still calls_used but whose derived state already lags (written between formats) derives the rest", async () => {
    const path = join(tempDir(), "between.db");
    const store = await open(path);
    const s = await seed(store);
    for (let i = 0; i < 3; i++) await approve(store, s.session_id, `int_${i}`, i, "0x0e");
    await store.close();
    const db = new DatabaseSync(path);
    db.exec("ALTER TABLE sessions RENAME COLUMN calls_derived TO calls_used");
    db.exec("DELETE FROM decision_keys; UPDATE sessions SET calls_used = 0, last_used_ms = 0; UPDATE meta SET value = '2' WHERE key = 'derived_to_seq'");
    db.exec("PRAGMA user_version = 0");
    db.close();
    const again = await open(path);
    expect((await again.getSession(s.session_id))?.calls_used).toBe(3);
    expect((await again.decisionSnapshot(s.session_id, "int_2")).existing).toMatchObject({ signature: "0x0e" });
    await again.close();
  });

  test("a file of a newer format is refused, with what to do", async () => {
    const path = join(tempDir(), "new.db");
    await (await open(path)).close();
    const db = new DatabaseSync(path);
    db.exec("PRAGMA user_version = 3");
    db.close();
    const e = await open(path).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect((e as Error).message).toMatch(/store format 3, newer than this Warden understands \(2\)/);
    // The refused open released the file: the right version can open it.
    const db2 = new DatabaseSync(path);
    db2.exec("PRAGMA user_version = 2");
    db2.close();
    await (await open(path)).close();
  });
});
