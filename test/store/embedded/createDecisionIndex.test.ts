import { createHash } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import type { Store } from "../../../src/store/Store";
import { T0 } from "../../helpers/guardFixtures";
import { approve, seed, tempDir } from "../storeFixtures";

const open = (path: string) => createEmbeddedStore({ path, synchronous: "FULL" });

describe("embedded store: idempotency keys", () => {
  test("a lookup compares the full ids: a key shared by two intents never returns the other's decision", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    await approve(store, s.session_id, "int_a", 0, "0xaa");
    const seqOfA = (await store.decisionSnapshot(s.session_id, "int_a")).existing?.audit_seq as number;
    await store.close();
    // Force a 64-bit collision: int_b's key now also points at int_a's record.
    const keyOfB = createHash("sha256").update(s.session_id).update("\u0000").update("int_b").digest().readBigInt64BE(0);
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO decision_keys (k, seq) VALUES (?, ?)").run(keyOfB, seqOfA);
    db.close();

    const again = await open(path);
    expect((await again.decisionSnapshot(s.session_id, "int_b")).existing).toBeUndefined();
    expect((await again.decisionSnapshot(s.session_id, "int_a")).existing).toMatchObject({ signature: "0xaa" });
    // int_b commits under the shared key; afterwards each intent finds its own record.
    expect((await approve(again, s.session_id, "int_b", 1, "0xbb")).status).toBe("committed");
    await again.close();
    const third = await open(path);
    expect((await third.decisionSnapshot(s.session_id, "int_b")).existing).toMatchObject({ signature: "0xbb" });
    expect((await third.decisionSnapshot(s.session_id, "int_a")).existing).toMatchObject({ signature: "0xaa" });
    await third.close();
  });
});

describe("embedded store: spent calls and idempotency keys are derived from the audit records", () => {
  const approveNext = (store: Store, sessionId: `0x${string}`, intentId: string, calls: number) =>
    approve(store, sessionId, intentId, calls, `0x${(calls + 1).toString(16).padStart(2, "0")}`);
  const onDisk = (path: string) => {
    const db = new DatabaseSync(path, { readOnly: true });
    const keys = Number(db.prepare("SELECT count(*) AS n FROM decision_keys").get()?.n);
    const calls = db.prepare("SELECT calls_derived AS calls_used, last_used_ms FROM sessions").all();
    const derivedTo = Number(db.prepare("SELECT value FROM meta WHERE key = 'derived_to_seq'").get()?.value);
    db.close();
    return { keys, calls, derivedTo };
  };

  test("what the last run had not written yet (a crash between batches) is derived at open: budgets, lookups, idempotency", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    for (let i = 0; i < 3; i++) await approveNext(store, s.session_id, `int_${i}`, i);
    await store.close();
    expect(onDisk(path)).toMatchObject({ keys: 3, calls: [{ calls_used: 3, last_used_ms: T0 + 12 }] });
    // The file as a crash right after the third approval leaves it when nothing derived was written
    // since the session was issued (seq 2): the approvals are only audit records.
    const db = new DatabaseSync(path);
    db.exec("DELETE FROM decision_keys; UPDATE sessions SET calls_derived = 0, last_used_ms = 0; UPDATE meta SET value = '2' WHERE key = 'derived_to_seq'");
    db.close();

    const again = await open(path);
    expect(await again.getSession(s.session_id)).toMatchObject({ calls_used: 3, last_used_ms: T0 + 12 });
    expect((await again.decisionSnapshot(s.session_id, "int_1")).existing).toMatchObject({ decision: "APPROVE", signature: "0x02", audit_seq: 4 });
    expect((await approveNext(again, s.session_id, "int_1", 3)).status).toBe("conflict");
    expect((await approveNext(again, s.session_id, "int_new", 2)).status).toBe("conflict");
    expect((await approveNext(again, s.session_id, "int_new", 3)).status).toBe("committed");
    await again.close();
    expect(onDisk(path)).toMatchObject({ keys: 4, calls: [{ calls_used: 4 }], derivedTo: 6 });
  });

  test("property: any crash point between batches derives the same budgets and finds every approval", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    const n = 40;
    for (let i = 0; i < n; i++) await approveNext(store, s.session_id, `int_${i}`, i);
    await store.close();
    const pristine = new DatabaseSync(path);
    const rows = pristine.prepare("SELECT seq, at_ms FROM audit WHERE intent_id IS NOT NULL ORDER BY seq").all();
    pristine.close();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: n }), async (written) => {
        // Derived state on disk covers the first `written` approvals only.
        const db = new DatabaseSync(path);
        const last = written === 0 ? 2 : Number(rows[written - 1]?.seq);
        db.prepare("DELETE FROM decision_keys WHERE seq > ?").run(last);
        db.prepare("UPDATE sessions SET calls_derived = ?, last_used_ms = ?").run(written, written === 0 ? 0 : Number(rows[written - 1]?.at_ms));
        db.prepare("UPDATE meta SET value = ? WHERE key = 'derived_to_seq'").run(String(last));
        db.close();
        const again = await open(path);
        const seqs: Array<number | undefined> = [];
        for (let i = 0; i < n; i++) seqs.push((await again.decisionSnapshot(s.session_id, `int_${i}`)).existing?.audit_seq);
        const ok =
          (await again.getSession(s.session_id))?.calls_used === n &&
          seqs.every((seq, i) => seq === Number(rows[i]?.seq)) &&
          (await again.decisionSnapshot(s.session_id, "int_never")).existing === undefined;
        await again.close();
        return ok;
      }),
      { numRuns: 25 },
    );
  });

  test("a running store writes them after 1,024 approvals, in the commit of the 1,024th", async () => {
    const path = join(tempDir(), "w.db");
    // No timer in the way: only the batch size can trigger the write.
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", derivedIntervalMs: 3_600_000 });
    const s = await seed(store);
    for (let i = 0; i < 1023; i++) await approveNext(store, s.session_id, `int_${i}`, i);
    expect(onDisk(path)).toMatchObject({ keys: 0, calls: [{ calls_used: 0 }] });
    await approveNext(store, s.session_id, "int_1023", 1023);
    expect(onDisk(path)).toMatchObject({ keys: 1024, calls: [{ calls_used: 1024 }], derivedTo: 1026 });
    await store.close();
  });

  test("an idle store writes them within its interval; close writes the rest", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", derivedIntervalMs: 200 });
    const s = await seed(store);
    await approveNext(store, s.session_id, "int_first", 0);
    expect(onDisk(path).keys).toBe(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(onDisk(path)).toMatchObject({ keys: 1, calls: [{ calls_used: 1 }], derivedTo: 3 });
    await approveNext(store, s.session_id, "int_second", 1);
    await store.close();
    expect(onDisk(path)).toMatchObject({ keys: 2, calls: [{ calls_used: 2 }], derivedTo: 4 });
  });
});
