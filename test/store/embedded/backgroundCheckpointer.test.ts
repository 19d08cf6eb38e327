import { statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { expect, test } from "vitest";
import { startBackgroundCheckpointer } from "../../../src/store/embedded/backgroundCheckpointer";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { tempDir } from "../storeFixtures";

const until = async (ok: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A WAL-mode file with one table whose writer never checkpoints itself. */
function walFile() {
  const path = join(tempDir(), "cp.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (x TEXT)");
  return { path, db };
}

test("the worker copies committed WAL frames into the database file while the writer never checkpoints", async () => {
  const { path, db } = walFile();
  const before = statSync(path).size;
  const insert = db.prepare("INSERT INTO t VALUES (?)");
  for (let i = 0; i < 500; i++) insert.run("x".repeat(2_000));
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_000_000);
  expect(statSync(path).size).toBe(before); // nothing checkpointed by the writer

  const cp = startBackgroundCheckpointer({ path, intervalMs: 20 });
  await until(() => cp.stats().checkpoints > 0 && statSync(path).size > 1_000_000);
  await until(() => cp.stats().last_sync_at_ms !== null);
  await cp.stop();
  expect(cp.stats().failures).toBe(0);
  // What the worker copied is exactly what was committed.
  db.close();
  const check = new DatabaseSync(path, { readOnly: true });
  expect(check.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 500 });
  check.close();
});

test("a checkpoint a reader holds back does not count as a sync of the whole WAL", async () => {
  const { path, db } = walFile();
  // A reader pinned to the snapshot before the next writes: frames after it cannot be copied.
  const reader = new DatabaseSync(path);
  reader.exec("BEGIN");
  reader.prepare("SELECT count(*) FROM t").get();
  const insert = db.prepare("INSERT INTO t VALUES (?)");
  for (let i = 0; i < 50; i++) insert.run("x".repeat(2_000));
  const cp = startBackgroundCheckpointer({ path, intervalMs: 20 });
  await until(() => cp.stats().checkpoints >= 3);
  expect(cp.stats().last_sync_at_ms).toBeNull();
  reader.exec("COMMIT");
  await until(() => cp.stats().last_sync_at_ms !== null);
  await cp.stop();
  reader.close();
  db.close();
});

test("stop() returns once the worker has closed, also right after start", async () => {
  const path = join(tempDir(), "cp.db");
  new DatabaseSync(path).exec("PRAGMA journal_mode = WAL");
  const cp = startBackgroundCheckpointer({ path, intervalMs: 1_000 });
  const t = Date.now();
  await cp.stop();
  expect(Date.now() - t).toBeLessThan(4_000);
});

test("a store keeps its data file checkpointed in the background and still refuses a second owner", async () => {
  const path = join(tempDir(), "w.db");
  const store = await createEmbeddedStore({ path, synchronous: "NORMAL" });
  for (let i = 0; i < 400; i++) await store.appendAudit({ kind: "decision", at_ms: i, payload: { i, pad: "p".repeat(2_000) } });
  // Well below the store's own automatic checkpoint: only the worker can have grown the file.
  await until(() => statSync(path).size > 800_000);
  await expect(createEmbeddedStore({ path, synchronous: "NORMAL" })).rejects.toThrow();
  await store.close();
  const again = await createEmbeddedStore({ path, synchronous: "NORMAL" });
  expect(await again.verifyAudit()).toMatchObject({ ok: true, records: 400 });
  await again.close();
});
