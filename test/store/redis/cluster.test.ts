import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { redisKeyspace } from "../../../src/store/redis/redisKeyspace";
import { describeStoreContract } from "../storeContract";
import { redisFixture } from "./redisFixture";
import { type RedisCluster, startRedisCluster } from "./redisServer";
import { decide, openPair, seedSession } from "./redisTestKit";

let cluster: RedisCluster;
let admin: Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
  admin = new Cluster([{ host: "127.0.0.1", port: cluster.servers[0]?.port as number }], { lazyConnect: true });
  await admin.connect();
});
afterAll(async () => {
  admin?.disconnect();
  await cluster?.stop();
});

// Every key of a wallet carries its hash tag: each script runs on the one primary owning that slot.
describe("redis store on a three-master Redis Cluster", () => {
  describeStoreContract("redis cluster", redisFixture(() => cluster.url, () => admin, { cluster: true }));

  test("two instances share a wallet on the cluster (redirected to whichever primary owns its slot); every key of it is in that one slot", async () => {
    const { wallet, a, b, close } = await openPair(cluster.url, { cluster: true });
    const s = await seedSession(a);
    await b.getSession(s.session_id);
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => decide(i % 2 ? a : b, s.session_id, `int_${i}`, `0x${i.toString(16).padStart(4, "0")}`, 50)));
    expect(outcomes.filter((o) => o.outcome === "approved")).toHaveLength(50);
    const tag = redisKeyspace({ chainId: 137, wallet }).tag;
    const keys: string[] = [];
    for (const node of admin.nodes("master")) keys.push(...(await node.keys(`${tag}*`)));
    expect(keys.length).toBeGreaterThan(5);
    const slots = new Set(await Promise.all(keys.map((k) => admin.cluster("KEYSLOT", k))));
    expect(slots.size).toBe(1);
    expect(await a.verifyAudit()).toMatchObject({ ok: true, records: 52 });
    await close();
  });
});
