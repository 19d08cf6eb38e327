import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../../src/errors/StoreUnavailableError";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { eventually, openPair } from "./redisTestKit";
import { type RedisServer, startRedisServer } from "./redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const blob = (n: number) => `{"v":1,"sealed":"blob-${n}"}`;

describe("sealed keys in the Redis store", () => {
  test("one instance's put is every instance's: B reads A's blob, and B's put gets A's back", async () => {
    const { a, b, close } = await openPair(redis.url);
    expect(await a.putSealedKey("deposit-wallet:session-signer", blob(1))).toBe(blob(1));
    expect(await b.getSealedKey("deposit-wallet:session-signer")).toBe(blob(1));
    expect(await b.putSealedKey("deposit-wallet:session-signer", blob(2))).toBe(blob(1));
    await b.deleteSealedKey("deposit-wallet:session-signer");
    expect(await a.getSealedKey("deposit-wallet:session-signer")).toBeUndefined();
    await close();
  });

  test("a re-initialisation keeps the sealed keys (the deposit wallet's authorised signer stays the same)", async () => {
    const { wallet, a, close } = await openPair(redis.url);
    await a.putSealedKey("deposit-wallet:session-signer", blob(1));
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "reinitialise", actor: "ops", reason: "test" });
    const c = await createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000 });
    expect(await c.getSealedKey("deposit-wallet:session-signer")).toBe(blob(1));
    await c.close();
    await close();
  });

  test("a lost store never reads as 'no sealed key' (which would mint a second signer): FLUSHALL makes every call refuse", async () => {
    const own = await startRedisServer();
    const { a, b, close } = await openPair(own.url, { probeIntervalMs: 50 });
    await a.putSealedKey("deposit-wallet:session-signer", blob(1));
    await own.admin.flushall();
    const refused = async () => (await b.getSealedKey("deposit-wallet:session-signer").then(() => false, (e: unknown) => e instanceof StoreUnavailableError));
    await eventually(refused);
    await expect(b.putSealedKey("deposit-wallet:session-signer", blob(2))).rejects.toThrow(StoreUnavailableError);
    await expect(a.getSealedKey("deposit-wallet:session-signer")).rejects.toThrow(/re-initialise/);
    // The refused put wrote nothing.
    expect(await own.admin.keys("*:sealed")).toEqual([]);
    await close();
    await own.stop();
  });
});
