import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SessionRecord } from "../../../src/core/SessionRecord";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import type { Store } from "../../../src/store/Store";
import { T0 } from "../../helpers/guardFixtures";
import { audit } from "../storeFixtures";
import { generationKeys } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";
import { decide, eventually, openPair, seedSession } from "./redisTestKit";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Requests on both instances, all the time: what each started after `since()` and got approved. */
function load(stores: Store[], sessions: SessionRecord[], since: () => number) {
  let running = true;
  let n = 0;
  const approvedAfter: string[] = [];
  let approvedBefore = 0;
  const workers = stores.flatMap((store) =>
    Array.from({ length: 4 }, async () => {
      while (running) {
        const i = n++;
        const s = sessions[i % sessions.length] as SessionRecord;
        const started = Date.now();
        const o = await decide(store, s.session_id, `load_${i}`, `0x${i.toString(16).padStart(8, "0")}` as Hex);
        if (o.outcome === "approved") {
          if (started > since()) approvedAfter.push(`load_${i}`);
          else approvedBefore++;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return { approvedAfter, approvedBefore };
    },
  };
}

const unhealthy = async (...stores: Store[]) => (await Promise.all(stores.map((s) => s.health()))).every((h) => !h.ok);
const healthy = async (...stores: Store[]) => (await Promise.all(stores.map((s) => s.health()))).every((h) => h.ok);

/** After a loss: re-initialising arms the global kill switch, both instances follow, and signing needs a new session and a disarm. */
async function reinitialiseAndResume(a: Store, b: Store, wallet: Hex, url: string, seq = 10) {
  const init = await initRedisStore({ url, chainId: 137, wallet, mode: "reinitialise", actor: "ops", reason: "test data loss" });
  expect(init.killSwitchArmed).toBe(true);
  await eventually(() => healthy(a, b));
  expect((await b.killSwitches()).switches).toContainEqual(expect.objectContaining({ scope: "global", target: "*", armed: true, actor: "ops" }));
  expect(await b.readAudit(1, 10)).toEqual([expect.objectContaining({ seq: 1, kind: "kill_switch" })]);
  expect(await a.listSessions()).toEqual([]);
  const fresh = await seedSession(a, seq);
  await b.getSession(fresh.session_id);
  expect((await decide(b, fresh.session_id, "after_reinit_killed", "0x01")).outcome).toBe("denied");
  await a.setKillSwitch({ scope: "global", target: "*", armed: false, changed_at_ms: T0, actor: "ops", reason: "orders checked" }, [], audit(1));
  // (B's view may trail the disarm by a pub/sub hop; a stale view only denies.)
  expect((await b.killSwitches()).switches).toContainEqual(expect.objectContaining({ armed: false }));
  expect((await decide(b, fresh.session_id, "after_reinit", "0x02")).outcome).toBe("approved");
  expect(await a.verifyAudit()).toMatchObject({ ok: true });
}

describe("data loss never reads as permission: zero approvals until an operator re-initialises", () => {
  test("FLUSHALL under load on two instances", async () => {
    const { wallet, a, b, close } = await openPair(redis.url, { probeIntervalMs: 50 });
    const sessions = [await seedSession(a, 1), await seedSession(a, 2)];
    await b.listSessions();
    let at = Number.POSITIVE_INFINITY;
    const running = load([a, b], sessions, () => at);
    await new Promise((r) => setTimeout(r, 150));
    await redis.admin.flushall();
    at = Date.now();
    await eventually(() => unhealthy(a, b));
    await new Promise((r) => setTimeout(r, 300));
    const { approvedAfter, approvedBefore } = await running.stop();
    expect(approvedBefore).toBeGreaterThan(0);
    expect(approvedAfter).toEqual([]);
    expect((await a.health()).ok ? "" : (await a.health() as { problem: string }).problem).toMatch(/generation marker is missing.*re-initialises/);
    await expect(a.killSwitches()).rejects.toThrow(/re-initialise/);
    await reinitialiseAndResume(a, b, wallet, redis.url);
    await close();
  });

  test("an evicted session key: the probe finds it, the generation is poisoned for every instance, other sessions stop too", async () => {
    const { wallet, a, b, close } = await openPair(redis.url, { probeIntervalMs: 50 });
    const [s1, s2] = [await seedSession(a, 1), await seedSession(a, 2)];
    await b.listSessions();
    expect((await decide(b, (s2 as SessionRecord).session_id, "before", "0x01")).outcome).toBe("approved");
    const { prefix } = await generationKeys(redis.admin, 137, wallet);
    await redis.admin.del(`${prefix}:s:${(s1 as SessionRecord).session_id}`);
    const at = Date.now();
    // The evicted session itself is refused at once, never read as "no calls spent".
    expect((await decide(a, (s1 as SessionRecord).session_id, "evicted", "0x02")).outcome).not.toBe("approved");
    const detectedInMs = await eventually(() => unhealthy(a, b));
    expect(detectedInMs).toBeLessThan(2_000);
    const running = load([a, b], [s1 as SessionRecord, s2 as SessionRecord], () => at);
    await new Promise((r) => setTimeout(r, 200));
    expect((await running.stop()).approvedAfter).toEqual([]);
    expect((await redis.admin.get(`{warden:137:${wallet.toLowerCase()}}:gen`)) ?? "").toMatch(/^lost:/);
    expect((await b.health()) as { problem: string }).toMatchObject({ ok: false, problem: expect.stringMatching(/data incomplete/) });
    await reinitialiseAndResume(a, b, wallet, redis.url);
    await close();
  });

  test("Redis restarted without its data (no AOF): both instances refuse until re-initialised", async () => {
    const own = await startRedisServer();
    const { wallet, a, b, close } = await openPair(own.url, { probeIntervalMs: 50 });
    const sessions = [await seedSession(a, 1)];
    await b.listSessions();
    expect((await decide(b, (sessions[0] as SessionRecord).session_id, "before", "0x01")).outcome).toBe("approved");
    own.signal("SIGKILL");
    await own.exited();
    await own.restart({ appendonly: false });
    const at = Date.now();
    await eventually(() => unhealthy(a, b));
    const running = load([a, b], sessions, () => at);
    await new Promise((r) => setTimeout(r, 500));
    expect((await running.stop()).approvedAfter).toEqual([]);
    expect(((await a.health()) as { problem: string }).problem).toMatch(/generation marker is missing/);
    await reinitialiseAndResume(a, b, wallet, own.url);
    await close();
    await own.stop();
  });
});
