import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRedisStore, type RedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { freshWallet, generationKeys } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";
import { auditedApprovals, decide, eventually, seedSession } from "./redisTestKit";
import { startTcpProxy } from "./tcpProxy";

// Redis slow, not dead: replies that come after the caller gave up, and commands that reach Redis
// after their deadline. The rule under test: a request the store did not answer within
// store.redis.command_timeout_ms is denied, and nothing that happens afterwards — the late reply,
// the commit it carried — ever hands its signature to anyone.

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer({ extraArgs: ["--enable-debug-command", "yes"] });
});
afterAll(async () => {
  await redis?.stop();
});

const gauge = async (store: RedisStore, name: string) => (await store.health()).gauges.find((g) => g.name === name)?.value;
const open = (url: string, wallet: `0x${string}`, name: string, commandTimeoutMs: number) =>
  createRedisStore({ url, chainId: 137, wallet, commandTimeoutMs, probeIntervalMs: 50, instanceName: name });

describe("late replies and late commands never turn a denial into a release", () => {
  test("a commit whose reply comes after its bound is denied and voided: no instance — nor a new one — ever hands out its signature", async () => {
    const proxy = await startTcpProxy(redis.port);
    const wallet = freshWallet();
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "late replies" });
    // A reaches Redis through the proxy (bound 50 ms); B directly.
    const a = await open(proxy.url, wallet, "a", 50);
    const b = await open(redis.url, wallet, "b", 200);
    const s = await seedSession(a);
    await b.getSession(s.session_id);
    const key = `${s.session_id}|int_late`;
    const signature = "0x1a7e" as Hex;

    proxy.delayReplies(400);
    expect(await decide(a, s.session_id, "int_late", signature)).toEqual({ outcome: "unavailable" });
    // The commit itself ran: Redis holds the decision and its audit record, unconfirmed. (On a
    // loaded machine A's bound may fire before the proxy has forwarded the command, so wait for
    // it — CI #2 read null here.)
    const { prefix } = await generationKeys(redis.admin, 137, wallet);
    await eventually(async () => /^p:\d+$/.test((await redis.admin.hget(`${prefix}:d`, key)) ?? ""), 2_000);
    // B learns of the record (pub/sub, catch-up) while A has not heard back: a duplicate on B is refused.
    expect((await b.getSession(s.session_id))?.calls_used).toBe(1);
    expect(await decide(b, s.session_id, "int_late", "0xb0" as Hex)).toEqual({ outcome: "unavailable" });

    // Redis answers on time again: A recovers by itself and voids the intent.
    proxy.delayReplies(0);
    await eventually(async () => (await a.health()).ok && (await gauge(a, "warden_store_redis_uncertain_intents")) === 0);
    expect(await redis.admin.hget(`${prefix}:d`, key)).toMatch(/^void:p:\d+$/);
    for (const store of [a, b]) expect(await decide(store, s.session_id, "int_late", "0xc0" as Hex)).toEqual({ outcome: "unavailable" });
    const c = await open(redis.url, wallet, "c", 200);
    expect(await decide(c, s.session_id, "int_late", "0xd0" as Hex)).toEqual({ outcome: "unavailable" });

    // The rest goes on: new intents sign on every instance, and a duplicate of one answered in time
    // gets its signature anywhere.
    expect(await decide(a, s.session_id, "int_next", "0x0e" as Hex)).toEqual({ outcome: "approved", signature: "0x0e" });
    for (const store of [b, c]) expect(await decide(store, s.session_id, "int_next", "0x0f" as Hex)).toEqual({ outcome: "duplicate", signature: "0x0e" });
    // The late commit is on record (it landed), under the same chain.
    expect((await auditedApprovals(c)).map((r) => r.intent_id)).toEqual(["int_late", "int_next"]);
    expect(await c.verifyAudit()).toMatchObject({ ok: true });
    await Promise.all([a.close(), b.close(), c.close()]);
    await proxy.close();
  });

  test("commits held up by a busy Redis (DEBUG SLEEP) reach it after their deadline and change nothing; their requests were denied and are never signed later", async () => {
    const wallet = freshWallet();
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "late commands" });
    const a = await open(redis.url, wallet, "a", 50);
    const sessions = await Promise.all([1, 2, 3, 4].map((n) => seedSession(a, n)));
    const { prefix } = await generationKeys(redis.admin, 137, wallet);
    const before = { records: await redis.admin.xlen(`${prefix}:a`), decisions: await redis.admin.hlen(`${prefix}:d`) };

    const sleeper = redis.admin.duplicate();
    await sleeper.connect();
    const asleep = sleeper.call("DEBUG", "SLEEP", "0.4");
    await new Promise((r) => setTimeout(r, 30));
    const outcomes = await Promise.all(sessions.map((s, i) => decide(a, s.session_id, `int_slept_${i}`, `0x0${i}` as Hex)));
    expect(outcomes.map((o) => o.outcome)).toEqual(["unavailable", "unavailable", "unavailable", "unavailable"]);
    await asleep;
    sleeper.disconnect();
    // Redis ran the commits once it woke, found them past their deadline, and wrote nothing.
    await eventually(async () => (await a.health()).ok && (await gauge(a, "warden_store_redis_uncertain_intents")) === 0);
    expect(await redis.admin.xlen(`${prefix}:a`)).toBe(before.records);
    for (const [i, s] of sessions.entries()) expect(await redis.admin.hget(`${prefix}:d`, `${s.session_id}|int_slept_${i}`)).toBe("void");
    expect(await redis.admin.hlen(`${prefix}:d`)).toBe(before.decisions + sessions.length);
    for (const s of sessions) expect((await a.getSession(s.session_id))?.calls_used).toBe(0);
    for (const [i, s] of sessions.entries()) expect(await decide(a, s.session_id, `int_slept_${i}`, "0xff" as Hex)).toEqual({ outcome: "unavailable" });
    expect(await decide(a, sessions[0]?.session_id as Hex, "int_awake", "0xaa" as Hex)).toEqual({ outcome: "approved", signature: "0xaa" });
    expect(await a.verifyAudit()).toMatchObject({ ok: true });
    await a.close();
  });

  test("with every reply late but inside the bound, no request is left hanging: one waits at most a bound for the batch ahead of it, then a bound for its own", async () => {
    const proxy = await startTcpProxy(redis.port);
    const wallet = freshWallet();
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "slow replies" });
    const boundMs = 400;
    const a = await open(proxy.url, wallet, "a", boundMs);
    // One session per worker: no request re-evaluates after a conflict, so each is one store step.
    const sessions = await Promise.all(Array.from({ length: 6 }, (_, n) => seedSession(a, n + 1)));
    proxy.delayReplies(300);
    const took: number[] = [];
    const outcomes: string[] = [];
    let i = 0;
    const until = Date.now() + 2_500;
    await Promise.all(
      sessions.map(async (s, w) => {
        // Staggered, so that requests arrive while a batch is in flight.
        await new Promise((r) => setTimeout(r, w * 45));
        while (Date.now() < until) {
          const started = Date.now();
          const o = await decide(a, s.session_id, `int_slow_${i++}`, "0x01" as Hex);
          took.push(Date.now() - started);
          outcomes.push(o.outcome);
        }
      }),
    );
    proxy.delayReplies(0);
    expect(outcomes).toContain("approved");
    expect(outcomes.filter((o) => o !== "approved" && o !== "unavailable")).toEqual([]);
    // A write still unsent a bound after it was made is refused then; once sent, its reply has one
    // bound. (Not a latency figure: only that nothing waits longer.)
    expect(Math.max(...took)).toBeLessThan(2 * boundMs + 200);
    await a.close();
    await proxy.close();
  }, 20_000);
});
