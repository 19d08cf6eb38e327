import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InvalidParameterError } from "../../../src/errors/InvalidParameterError";
import { StoreUnavailableError } from "../../../src/errors/StoreUnavailableError";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { freePort } from "./redisServer";
import { freshWallet } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("initRedisStore", () => {
  test("`new` creates an empty generation once; a second `new` is refused, naming the fix", async () => {
    const wallet = freshWallet();
    const first = await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "ops", reason: "first start" });
    expect(first).toMatchObject({ previous: null, killSwitchArmed: false });
    const e = await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "ops", reason: "again" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as Error).message).toMatch(/already has a store .*warden store init --reinitialise/);
    const store = await createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000 });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, records: 0 });
    expect((await store.killSwitches()).switches).toEqual([]);
    await store.close();
  });

  test("`reinitialise` starts a new, empty generation whose first audit record arms the global kill switch; the old keys stay, unread", async () => {
    const wallet = freshWallet();
    const first = await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "ops", reason: "first start" });
    const again = await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "reinitialise", actor: "ops", reason: "flushed by mistake", now: () => 1_800_000_000_000 });
    expect(again).toMatchObject({ previous: first.generation, killSwitchArmed: true });
    expect(await redis.admin.exists(`{warden:137:${wallet.toLowerCase()}}:${first.generation}:h`)).toBe(1);
    const store = await createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000 });
    const [record] = await store.readAudit(1, 10);
    expect(record).toMatchObject({ seq: 1, kind: "kill_switch", at_ms: 1_800_000_000_000 });
    expect(JSON.parse(record?.payload_json ?? "{}")).toMatchObject({ scope: "global", armed: true, actor: "ops", cause: "store_reinitialised", generation: again.generation });
    expect(await store.killSwitches()).toEqual({ switches: [expect.objectContaining({ scope: "global", target: "*", armed: true, reason: "store re-initialised: flushed by mistake" })], epoch: 1 });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, records: 1 });
    await store.close();
  });

  test("an unreachable Redis is a StoreUnavailableError that does not show the URL's password", async () => {
    const url = `redis://warden:s3cret@127.0.0.1:${await freePort()}`;
    const e = await initRedisStore({ url, chainId: 137, wallet: freshWallet(), mode: "new", actor: "ops", reason: "x", timeoutMs: 300 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect(`${String(e)} ${JSON.stringify(e)} ${(e as Error).stack}`).not.toContain("s3cret");
    expect((e as Error).message).toContain("redis://[redacted]@127.0.0.1");
  });
});
