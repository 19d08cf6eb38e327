import { createHash } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../../src/errors/StoreUnavailableError";
import { assessStartup } from "../../../src/store/embedded/assessStartup";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import type { Store } from "../../../src/store/Store";
import { session, T0 } from "../../helpers/guardFixtures";
import { tempDir } from "../storeFixtures";

const open = (path: string, maxPageCount?: number) =>
  createEmbeddedStore({ path, synchronous: "FULL", ...(maxPageCount ? { maxPageCount } : {}) });
const audit = (i: number) => ({ kind: "decision" as const, at_ms: T0 + i, payload: { i } });

async function seed(store: Store) {
  const s = session();
  await store.savePendingGrant(
    { grant_id: s.session_id, wallet: s.wallet, nonce: s.grant_nonce, scope: s.scope, issued_at_s: T0 / 1000, valid_until_s: T0 / 1000 + 86400, expires_at_ms: T0 + 600_000 },
    { kind: "grant_requested", at_ms: T0, payload: {} },
  );
  await store.issueSession(s, s.session_id, { kind: "session_issued", at_ms: T0, payload: {} });
  return s;
}

describe("embedded store", () => {
  test("sessions, spent budget, kill switches and the audit chain survive a reopen", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    const r = await store.commitDecision({
      decision: { session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
      audit: audit(1),
      reserve: { expected_calls_used: 0, expected_kill_epoch: (await store.killSwitches()).epoch },
    });
    expect(r.status).toBe("committed");
    await store.setKillSwitch({ scope: "strategy", target: "x", armed: true, changed_at_ms: T0, actor: "risk", reason: "r" }, [], audit(2));
    await store.close();

    const again = await open(path);
    expect(await again.getSession(s.session_id)).toMatchObject({ calls_used: 1, last_used_ms: T0 + 1, scope: { max_per_call_size_micros: s.scope.max_per_call_size_micros } });
    expect((await again.findSessionByCredentialHash(s.credential_hash))?.session_id).toBe(s.session_id);
    expect((await again.killSwitches()).switches).toEqual([expect.objectContaining({ scope: "strategy", target: "x", armed: true })]);
    expect((await again.decisionSnapshot(s.session_id, "int_1")).existing).toMatchObject({ signature: "0x01", audit_seq: 3 });
    expect(await again.verifyAudit()).toMatchObject({ ok: true, records: 4 });
    await again.close();
  });

  test("a second process cannot open the same file (budgets live in one process's memory)", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    await expect(open(path)).rejects.toBeInstanceOf(StoreUnavailableError);
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

  test.each([
    ["an edited payload", "UPDATE audit SET payload_json = '{\"i\":99}' WHERE seq = 2", { broken_at_seq: 2, problem: "hash_mismatch" }],
    ["a removed record", "DELETE FROM audit WHERE seq = 2", { broken_at_seq: 3, problem: "seq_gap" }],
  ])("verify detects %s even when the append-only triggers are dropped", async (_l, sql, expected) => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    for (let i = 1; i <= 3; i++) await store.appendAudit(audit(i));
    expect(await store.verifyAudit()).toMatchObject({ ok: true, records: 3 });
    await store.close();
    const db = new DatabaseSync(path);
    db.exec("DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete;");
    db.exec(sql);
    db.close();
    const again = await open(path);
    expect(await again.verifyAudit()).toMatchObject({ ok: false, ...expected });
    await again.close();
  });

  test("writes made in one event-loop turn commit together and resolve in order", async () => {
    const store = await open(join(tempDir(), "w.db"));
    const records = await Promise.all(Array.from({ length: 200 }, (_, i) => store.appendAudit(audit(i))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await store.verifyAudit()).toMatchObject({ ok: true, records: 200 });
    await store.close();
  });

  test("a reservation is refused when the session changed since the snapshot (compare-and-reserve)", async () => {
    const store = await open(join(tempDir(), "w.db"));
    const s = await seed(store);
    const commit = async (intent: string, expected: number, epoch?: number) =>
      store.commitDecision({
        decision: { session_id: s.session_id, intent_id: intent, decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
        audit: audit(1),
        reserve: { expected_calls_used: expected, expected_kill_epoch: epoch ?? (await store.killSwitches()).epoch },
      });
    expect((await commit("a", 0)).status).toBe("committed");
    expect((await commit("b", 0)).status).toBe("conflict");
    expect((await commit("a", 1)).status).toBe("conflict");
    const { epoch } = await store.killSwitches();
    await store.revokeSessions([s.session_id], "owner", T0, audit(2));
    expect((await commit("c", 1, epoch)).status).toBe("conflict");
    await store.close();
  });

  test("a commit that fails (database full) rejects, and the store refuses everything after (fail closed)", async () => {
    const store = await open(join(tempDir(), "w.db"), 12);
    const big = "x".repeat(20_000);
    let failed: unknown = null;
    for (let i = 0; i < 50 && !failed; i++) {
      try {
        await store.appendAudit({ kind: "decision", at_ms: T0, payload: { big, i } });
      } catch (e) {
        failed = e;
      }
    }
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect(await store.health()).toMatchObject({ ok: false });
    await expect(store.killSwitches()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.appendAudit(audit(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });
});

describe("embedded store: idempotency keys", () => {
  const approve = async (store: Store, sessionId: `0x${string}`, intentId: string, calls: number, sig: `0x${string}`) =>
    store.commitDecision({
      decision: { session_id: sessionId, intent_id: intentId, decision: "APPROVE", reason_code: null, signature: sig, audit_seq: -1 },
      audit: audit(calls + 10),
      reserve: { expected_calls_used: calls, expected_kill_epoch: (await store.killSwitches()).epoch },
    });

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

  test("a suspected loss survives whatever rewrites the run marker until a Warden acknowledges it", async () => {
    const path = join(tempDir(), "suspect.db");
    await (await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a" })).close();
    const setMarker = (m: object) => {
      const db = new DatabaseSync(path);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'run_state'").run(JSON.stringify(m));
      db.close();
    };
    // A NORMAL run on boot-a died with the machine.
    setMarker({ boot_id: "boot-a", synchronous: "NORMAL", clean: false, opened_at_ms: T0 });
    const first = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await first.startup()).toMatchObject({ decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
    await first.close();
    // An older Warden then wrote its own marker on this boot and failed before acting.
    setMarker({ boot_id: "boot-b", synchronous: "FULL", clean: false, opened_at_ms: T0 + 1 });
    const second = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await second.startup()).toMatchObject({ previous_run: "crashed", decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
    await second.acknowledgeStartup();
    await second.close();
    const third = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await third.startup()).toEqual({ previous_run: "clean", decisions_may_be_lost: false });
    await third.close();
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

  test("the store's own meta keys cannot be overwritten through setMeta", async () => {
    const store = await open(join(tempDir(), "w.db"));
    for (const key of ["run_state", "derived_to_seq", "opened_at_ms"]) await expect(store.setMeta(key, "x")).rejects.toThrow(/belongs to the store/);
    await store.setMeta("equity_sod:2026-11-30", "1");
    expect(await store.getMeta("equity_sod:2026-11-30")).toBe("1");
    await store.close();
  });
});

describe("run marker: how the previous run ended", () => {
  const run = (over: Partial<Parameters<typeof assessStartup>[0] & object> = {}) => ({
    boot_id: "boot-a",
    synchronous: "NORMAL" as const,
    clean: false,
    opened_at_ms: T0,
    ...over,
  });
  test.each([
    ["no previous run", null, "boot-a", "none", false],
    ["clean close, same boot", run({ clean: true }), "boot-a", "clean", false],
    ["clean close, other boot", run({ clean: true }), "boot-b", "clean", false],
    ["NORMAL crash, same boot (the OS kept every commit)", run(), "boot-a", "crashed", false],
    ["NORMAL crash, other boot (power loss: the tail may be gone)", run(), "boot-b", "crashed_across_reboot", true],
    ["FULL crash, other boot (every commit was synced)", run({ synchronous: "FULL" }), "boot-b", "crashed_across_reboot", false],
    ["NORMAL crash, boot unknown now", run(), null, "crashed_across_reboot", true],
    ["NORMAL crash, boot unknown then", run({ boot_id: null }), "boot-a", "crashed_across_reboot", true],
    ["NORMAL crash, boot unknown both times", run({ boot_id: null }), null, "crashed_across_reboot", true],
  ] as const)("%s", (_name, previous, bootId, previousRun, mayBeLost) => {
    expect(assessStartup(previous, bootId)).toMatchObject({ previous_run: previousRun, decisions_may_be_lost: mayBeLost });
  });

  const suspected = { cause: "unclean_shutdown_across_reboot", since_ms: T0 } as const;
  test.each([
    ["a clean close since (a CLI command that only opened the store)", run({ clean: true })],
    ["a FULL crash on this boot since (an older Warden that rewrote the marker, then failed)", run({ synchronous: "FULL" })],
    ["a NORMAL crash on this boot since", run()],
  ] as const)("a suspected loss not acted on survives %s", (_name, previous) => {
    expect(assessStartup(previous, "boot-a", { suspected })).toMatchObject({ decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
  });

  test("a file with history and no marker: how its last run ended is unknown, a possible loss", () => {
    expect(assessStartup(null, "boot-a", { fileHasHistory: true })).toEqual({ previous_run: "unknown", decisions_may_be_lost: true, loss_cause: "previous_run_unknown" });
    expect(assessStartup(null, "boot-a", { fileHasHistory: false })).toEqual({ previous_run: "none", decisions_may_be_lost: false });
  });

  test("property: a possible loss is reported exactly when a NORMAL run ended uncleanly and the same boot cannot be proved, or an earlier one was never acted on", () => {
    const boot = fc.option(fc.constantFrom("boot-a", "boot-b"), { nil: null });
    fc.assert(
      fc.property(boot, boot, fc.boolean(), fc.boolean(), fc.constantFrom("FULL" as const, "NORMAL" as const), (then, now, clean, suspect, sync) => {
        const r = assessStartup(run({ boot_id: then, clean, synchronous: sync }), now, { suspected: suspect ? suspected : null });
        const sameBoot = then !== null && then === now;
        return r.decisions_may_be_lost === (suspect || (!clean && sync === "NORMAL" && !sameBoot));
      }),
      { numRuns: 500 },
    );
  });

  test("the marker is on disk while the store runs (clean: false) and after close (clean: true)", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a" });
    const marker = () => {
      const db = new DatabaseSync(path, { readOnly: true });
      const row = db.prepare("SELECT value FROM meta WHERE key = 'run_state'").get();
      db.close();
      return JSON.parse(String(row?.value));
    };
    expect(await store.startup()).toEqual({ previous_run: "none", decisions_may_be_lost: false });
    expect(marker()).toMatchObject({ boot_id: "boot-a", synchronous: "NORMAL", clean: false });
    await store.close();
    expect(marker()).toMatchObject({ boot_id: "boot-a", synchronous: "NORMAL", clean: true });
    const again = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await again.startup()).toEqual({ previous_run: "clean", decisions_may_be_lost: false });
    await again.close();
  });

  test("a store whose commit failed does not vouch for itself at close", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a", maxPageCount: 14 });
    const big = "x".repeat(8000);
    let failed = false;
    for (let i = 0; i < 200 && !failed; i++) await store.appendAudit({ kind: "decision", at_ms: T0 + i, payload: { big } }).catch(() => (failed = true));
    expect(failed).toBe(true);
    await store.close();
    const again = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await again.startup()).toMatchObject({ previous_run: "crashed_across_reboot", decisions_may_be_lost: true });
    await again.close();
  });
});

describe("embedded store: spent calls and idempotency keys are derived from the audit records", () => {
  const approve = async (store: Store, sessionId: `0x${string}`, intentId: string, calls: number) =>
    store.commitDecision({
      decision: { session_id: sessionId, intent_id: intentId, decision: "APPROVE", reason_code: null, signature: `0x${(calls + 1).toString(16).padStart(2, "0")}`, audit_seq: -1 },
      audit: audit(calls + 10),
      reserve: { expected_calls_used: calls, expected_kill_epoch: (await store.killSwitches()).epoch },
    });
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
    for (let i = 0; i < 3; i++) await approve(store, s.session_id, `int_${i}`, i);
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
    expect((await approve(again, s.session_id, "int_1", 3)).status).toBe("conflict");
    expect((await approve(again, s.session_id, "int_new", 2)).status).toBe("conflict");
    expect((await approve(again, s.session_id, "int_new", 3)).status).toBe("committed");
    await again.close();
    expect(onDisk(path)).toMatchObject({ keys: 4, calls: [{ calls_used: 4 }], derivedTo: 6 });
  });

  test("property: any crash point between batches derives the same budgets and finds every approval", async () => {
    const path = join(tempDir(), "w.db");
    const store = await open(path);
    const s = await seed(store);
    const n = 40;
    for (let i = 0; i < n; i++) await approve(store, s.session_id, `int_${i}`, i);
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
    for (let i = 0; i < 1023; i++) await approve(store, s.session_id, `int_${i}`, i);
    expect(onDisk(path)).toMatchObject({ keys: 0, calls: [{ calls_used: 0 }] });
    await approve(store, s.session_id, "int_1023", 1023);
    expect(onDisk(path)).toMatchObject({ keys: 1024, calls: [{ calls_used: 1024 }], derivedTo: 1026 });
    await store.close();
  });

  test("an idle store writes them within its interval; close writes the rest", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", derivedIntervalMs: 200 });
    const s = await seed(store);
    await approve(store, s.session_id, "int_first", 0);
    expect(onDisk(path).keys).toBe(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(onDisk(path)).toMatchObject({ keys: 1, calls: [{ calls_used: 1 }], derivedTo: 3 });
    await approve(store, s.session_id, "int_second", 1);
    await store.close();
    expect(onDisk(path)).toMatchObject({ keys: 2, calls: [{ calls_used: 2 }], derivedTo: 4 });
  });
});
