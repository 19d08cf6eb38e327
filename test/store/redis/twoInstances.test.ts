import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { T0 } from "../../helpers/guardFixtures";
import { approveWithClaim, claim } from "../contract/exposureContract";
import { audit } from "../storeFixtures";
import { generationKeys, rewriteAudit, withField } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";
import { auditedApprovals, decide, eventually, openPair, seedSession } from "./redisTestKit";
import { startTcpProxy } from "./tcpProxy";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const sig = (...parts: number[]) => `0x${parts.map((p) => p.toString(16).padStart(6, "0")).join("")}` as Hex;

describe("two instances on one Redis (separate connections)", () => {
  test("a session issued on A is used on B; 2,000 concurrent commits against a budget of 100 approve exactly 100 across both", async () => {
    const { a, b, close } = await openPair(redis.url);
    const s = await seedSession(a);
    expect((await b.findSessionByCredentialHash(s.credential_hash))?.session_id).toBe(s.session_id);
    // All 2,000 in flight at once, 1,000 on each instance.
    const outcomes = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => decide(i % 2 === 0 ? a : b, s.session_id, `int_${i}`, sig(i), 100)),
    );
    const approved = outcomes.filter((o) => o.outcome === "approved");
    expect(approved).toHaveLength(100);
    expect(outcomes.filter((o) => o.outcome !== "approved" && o.outcome !== "denied")).toEqual([]);
    // Both instances see the budget spent exactly 100 times.
    expect((await a.getSession(s.session_id))?.calls_used).toBe(100);
    expect((await b.getSession(s.session_id))?.calls_used).toBe(100);
    expect(await auditedApprovals(a)).toHaveLength(100);
    expect(await b.verifyAudit()).toMatchObject({ ok: true });
    await close();
  });

  test("1,000 intents × 8 racing duplicates over both instances: one signature per intent, each budget spent once", async () => {
    const { a, b, close } = await openPair(redis.url);
    const sessions = [await seedSession(a, 1), await seedSession(a, 2), await seedSession(a, 3), await seedSession(a, 4)];
    await b.listSessions();
    const results: Array<Set<Hex>> = [];
    let approvals = 0;
    // Waves of 50 intents (400 requests in flight at once).
    for (let wave = 0; wave < 20; wave++) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, j) => {
          const i = wave * 50 + j;
          const sid = (sessions[i % 4] as { session_id: Hex }).session_id;
          const got = await Promise.all(Array.from({ length: 8 }, (_, d) => decide(d % 2 === 0 ? a : b, sid, `race_${i}`, sig(i, d))));
          expect(got.filter((g) => g.outcome !== "approved" && g.outcome !== "duplicate")).toEqual([]);
          approvals += got.filter((g) => g.outcome === "approved").length;
          results[i] = new Set(got.map((g) => g.signature as Hex));
        }),
      );
    }
    expect(approvals).toBe(1000);
    expect(results.filter((r) => r.size !== 1)).toEqual([]);
    const calls = await Promise.all(sessions.map(async (s) => (await b.getSession(s.session_id))?.calls_used));
    expect(calls).toEqual([250, 250, 250, 250]);
    const audited = await auditedApprovals(b);
    expect(audited).toHaveLength(1000);
    expect(new Set(audited.map((r) => r.intent_id)).size).toBe(1000);
    expect(await a.verifyAudit()).toMatchObject({ ok: true });
    await close();
  }, 60_000);

  test("a kill switch armed on A stops B under load even with B's pub/sub connection cut: no approval after the kill's record", async () => {
    const proxy = await startTcpProxy(redis.port);
    const { a, b, close } = await openPair(redis.url, { urlB: proxy.url });
    const s = await seedSession(a);
    await b.getSession(s.session_id);
    let running = true;
    let n = 0;
    const afterArm: string[] = [];
    let armed = false;
    const workers = Array.from({ length: 8 }, async () => {
      while (running) {
        const i = n++;
        const o = await decide(b, s.session_id, `load_${i}`, sig(i));
        if (armed && o.outcome === "approved") afterArm.push(`load_${i}`);
        // A denial is decided on B's own view, without I/O: let timers run between requests.
        await new Promise((r) => setImmediate(r));
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    proxy.cutSubscribers();
    await new Promise((r) => setTimeout(r, 100));
    const messagesAtCut = (await b.health()).gauges.find((g) => g.name === "warden_store_redis_pubsub_messages_total")?.value;
    const kill = await a.setKillSwitch({ scope: "global", target: "*", armed: true, changed_at_ms: T0, actor: "risk", reason: "test" }, [], audit(1));
    armed = true;
    await new Promise((r) => setTimeout(r, 400));
    running = false;
    await Promise.all(workers);
    const approvals = await auditedApprovals(a);
    expect(approvals.length).toBeGreaterThan(20);
    expect(approvals.filter((r) => r.seq > kill.seq)).toEqual([]);
    // Requests B began before the arm returned may land before the kill's record; none after it.
    expect(afterArm.filter((id) => approvals.find((r) => r.intent_id === id && r.seq > kill.seq))).toEqual([]);
    expect((await b.health()).gauges.find((g) => g.name === "warden_store_redis_pubsub_messages_total")?.value).toBe(messagesAtCut);
    expect((await b.killSwitches()).switches).toContainEqual(expect.objectContaining({ scope: "global", armed: true }));
    await close();
    await proxy.close();
  });

  test("a duplicate holding an exposure claim, judged on B's stale view, conflicts; B catches up, stays healthy and finds A's decision", async () => {
    // B hears nothing by pub/sub and does not probe: its view stays behind A's commit.
    const proxy = await startTcpProxy(redis.port);
    const { a, b, close } = await openPair(redis.url, { urlB: proxy.url, probeIntervalMs: 60_000 });
    const s = await seedSession(a);
    await b.getSession(s.session_id);
    proxy.cutSubscribers();
    const now = Date.now();
    expect((await approveWithClaim(a, s.session_id, claim("int_dup", now), 0, (await a.exposure()).version)).status).toBe("committed");
    const stale = await b.decisionSnapshot(s.session_id, "int_dup");
    expect(stale.existing).toBeUndefined();
    const r = await b.commitDecision({
      decision: { session_id: s.session_id, intent_id: "int_dup", decision: "APPROVE", reason_code: null, signature: "0x02", audit_seq: -1 },
      audit: { kind: "decision", at_ms: now, payload: { session_id: s.session_id, strategy_id: "nba-mm", intent_id: "int_dup", exposure: { cluster_id: "c", condition_id: "m", side: "BUY", notional_micros: "5000000" } } },
      reserve: { expected_calls_used: 0, expected_kill_epoch: stale.kill.epoch, exposure: { entry: claim("int_dup", now), expected_ledger_version: stale.exposure.version } },
    });
    expect(r.status).toBe("conflict");
    // The commit's re-check made B replay A's record (its claim on the same intent) without
    // mistaking its own claim still in flight for a disagreement with the log.
    expect(await b.health()).toMatchObject({ ok: true });
    expect((await b.decisionSnapshot(s.session_id, "int_dup")).existing?.signature).toBe("0x01");
    const [ea, eb] = [await a.exposure(), await b.exposure()];
    expect(eb.version).toBe(ea.version);
    expect(eb.openOrders()).toEqual(ea.openOrders());
    expect((await b.getSession(s.session_id))?.calls_used).toBe(1);
    await close();
    await proxy.close();
  });

  test("kill switches and revocations reach the other instance's local view by pub/sub", async () => {
    const { a, b, close } = await openPair(redis.url);
    const s = await seedSession(a);
    await b.getSession(s.session_id);
    const seen = new Promise<number>((resolve) => b.onLocalKillEpoch((epoch) => resolve(epoch)));
    const started = Date.now();
    await a.revokeSessions([s.session_id], "owner", T0, audit(1));
    expect(await seen).toBe((await a.killSwitches()).epoch);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Without any read on B, its mirror already has the revocation.
    expect((await b.decisionSnapshot(s.session_id, "int_x")).session?.revoked_at_ms).toBe(T0);
    await close();
  });

  test("the audit log both instances append to verifies as one chain; an edit, a deletion, a reordering or a lost tail is named at its first record", async () => {
    const { wallet, a, b, close } = await openPair(redis.url);
    for (let i = 1; i <= 8; i++) await (i % 2 ? a : b).appendAudit(audit(i));
    await Promise.all([a.appendAudit(audit(9)), b.appendAudit(audit(10))]);
    const head = await a.verifyAudit();
    expect(head).toMatchObject({ ok: true, records: 10 });
    expect(await b.verifyAudit()).toEqual(head);
    const { prefix } = await generationKeys(redis.admin, 137, wallet);
    const stream = `${prefix}:a`;
    const original = (await redis.admin.xrange(stream, "-", "+")) as Array<[string, string[]]>;
    const restore = () => rewriteAudit(redis.admin, stream, () => original);
    const field = (f: string[], name: string) => f[f.indexOf(name) + 1] as string;

    await rewriteAudit(redis.admin, stream, (es) => es.map(([id, f]) => [id, id === "0-5" ? withField(f, "p", '{"i":99}') : f]));
    expect(await b.verifyAudit()).toMatchObject({ ok: false, broken_at_seq: 5, problem: "hash_mismatch" });
    await restore();
    await redis.admin.xdel(stream, "0-5");
    expect(await b.verifyAudit()).toMatchObject({ ok: false, broken_at_seq: 6, problem: "seq_gap" });
    await restore();
    // Entries 5 and 6 swap contents (each keeps its slot in the stream).
    await rewriteAudit(redis.admin, stream, (es) => es.map(([id, f]) => [id, id === "0-5" ? (es[5]?.[1] as string[]) : id === "0-6" ? (es[4]?.[1] as string[]) : f]));
    expect(await b.verifyAudit()).toMatchObject({ ok: false, broken_at_seq: 5, problem: "prev_mismatch" });
    await restore();
    await redis.admin.xdel(stream, "0-10");
    expect(await a.verifyAudit()).toMatchObject({ ok: false, records: 9, broken_at_seq: 10, problem: "seq_gap" });
    await restore();
    expect(await a.verifyAudit()).toEqual(head);
    expect(field(original[9]?.[1] as string[], "h")).toBe(head.ok ? head.head : "");
    await close();
  });
});
