import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, test } from "vitest";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { describeStoreContract } from "../storeContract";
import { seed, tempDir } from "../storeFixtures";
import { embeddedInMemory, embeddedOnDisk } from "./embeddedFixture";

describe.each([
  ["on disk, synchronous FULL", embeddedOnDisk("FULL")],
  ["on disk, synchronous NORMAL", embeddedOnDisk("NORMAL")],
  ["in memory", embeddedInMemory],
] as const)("embedded store %s", (_name, open) => describeStoreContract("Store contract", open));

describe("embedded store", () => {
  const open = (path: string) => createEmbeddedStore({ path, synchronous: "FULL" });

  test("the store's own meta keys cannot be overwritten through setMeta", async () => {
    const store = await open(join(tempDir(), "w.db"));
    for (const key of ["run_state", "derived_to_seq", "opened_at_ms"]) await expect(store.setMeta(key, "x")).rejects.toThrow(/belongs to the store/);
    await store.setMeta("equity_sod:2026-11-30", "1");
    expect(await store.getMeta("equity_sod:2026-11-30")).toBe("1");
    await store.close();
  });

  test("a duplicate found while its original is still committing is on disk once awaitDurable resolves", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    const onDisk = (seq: number) => {
      const db = new DatabaseSync(path, { readOnly: true });
      const n = Number(db.prepare("SELECT count(*) AS n FROM audit WHERE seq = ?").get(seq)?.n);
      db.close();
      return n;
    };
    const committing = store.commitDecision({
      decision: { session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
      audit: { kind: "decision", at_ms: 1, payload: {} },
      reserve: { expected_calls_used: 0, expected_kill_epoch: 0 },
    });
    // The commit is gathered for the next event-loop turn: its record is visible, not yet on disk.
    const { existing } = await store.decisionSnapshot(s.session_id, "int_1");
    expect(existing).toMatchObject({ signature: "0x01", audit_seq: 3 });
    expect(onDisk(3)).toBe(0);
    await store.awaitDurable(3);
    expect(onDisk(3)).toBe(1);
    expect((await committing).status).toBe("committed");
    await store.close();
  });

  test.each([
    ["on disk at NORMAL", "NORMAL", ["warden_store_wal_sync_age_seconds", "warden_store_wal_checkpoint_failures_total"]],
    ["on disk at FULL (every commit syncs the WAL)", "FULL", []],
  ] as const)("health gauges %s", async (_name, synchronous, names) => {
    const store = await createEmbeddedStore({ path: join(tempDir(), "w.db"), synchronous });
    expect((await store.health()).gauges.map((g) => g.name)).toEqual(names);
    await store.close();
  });

  test("health gauges in memory (no WAL): none", async () => {
    const store = await createEmbeddedStore({ path: ":memory:", synchronous: "NORMAL" });
    expect(await store.health()).toEqual({ ok: true, gauges: [] });
    await store.close();
  });
});
