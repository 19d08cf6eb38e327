import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { openRedisClients } from "../../../src/store/redis/openRedisClients";
import { bulkReadTimeoutOf } from "../../../src/store/redis/redisBounds";
import { T0 } from "../../helpers/guardFixtures";
import { freshWallet } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("bulk reads at the default command bound", () => {
  test("the client's own timeout sits above the longest bound the store puts on a call", async () => {
    const { commands, events } = await openRedisClients({ url: redis.url, cluster: false, commandTimeoutMs: 25, connectTimeoutMs: 1_000, name: "bounds" });
    for (const c of [commands, events]) expect((c.options as { commandTimeout?: number }).commandTimeout).toBeGreaterThan(bulkReadTimeoutOf(25));
    commands.disconnect();
    events.disconnect();
  });

  test("a store at the default 25 ms bound opens, verifies and reads a 6 MB log (audit-verify on a large log)", async () => {
    const wallet = freshWallet();
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "bulk reads" });
    const writer = await createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 2_000 });
    // Twice the size of a full-pipeline decision record.
    const votes = "v".repeat(4 * 1024);
    for (let i = 0; i < 1_500; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => writer.appendAudit({ kind: "decision", at_ms: T0 + i + j, payload: { votes, i: i + j } })));
    await writer.close();
    // No probe during the test: only the reads under test run at the default bound.
    const store = await createRedisStore({ url: redis.url, chainId: 137, wallet, probeIntervalMs: 60_000 });
    const verified = await store.verifyAudit();
    expect(verified).toMatchObject({ ok: true });
    expect(verified.records).toBeGreaterThanOrEqual(1_500);
    expect((await store.readAudit(1, 10_000)).length).toBe(verified.records);
    expect(await store.health()).toMatchObject({ ok: true });
    await store.close();
  }, 30_000);
});
