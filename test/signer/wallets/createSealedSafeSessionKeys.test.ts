import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError } from "../../../src/errors/ConfigError";
import { createKeySealer } from "../../../src/signer/createKeySealer";
import { createSafeSessionKeys } from "../../../src/signer/wallets/createSafeSessionKeys";
import { walletKeySecret } from "../../../src/signer/WalletKey";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import type { Store } from "../../../src/store/Store";
import { eventually } from "../../store/redis/redisTestKit";
import { freshWallet } from "../../store/redis/redisFixture";
import { type RedisServer, startRedisServer } from "../../store/redis/redisServer";

let redis: RedisServer;
const opened: Store[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await redis?.stop();
});

const kek = randomBytes(32);

/** Instances of one Safe's Warden, each with its own connections to one real Redis. */
async function safeWorld() {
  const safe = freshWallet();
  await initRedisStore({ url: redis.url, chainId: 137, wallet: safe, mode: "new", actor: "test", reason: "safe session keys" });
  const instance = async (instanceKek = kek) => {
    const store = await createRedisStore({ url: redis.url, chainId: 137, wallet: safe, commandTimeoutMs: 1_000 });
    opened.push(store);
    return { store, keys: createSafeSessionKeys({ storage: { store, sealer: createKeySealer({ kek: instanceKek }), chainId: 137, safe } }) };
  };
  return { safe, instance };
}

describe("createSafeSessionKeys with the shared store: sealed keys every instance can sign with", () => {
  test("a key created on one instance is loaded on another with the same address; destroy deletes it for every instance", async () => {
    const { instance } = await safeWorld();
    const [a, b] = [await instance(), await instance()];
    const key = a.keys.create("ses_1");
    expect(a.keys.get("ses_1")).toBe(key);
    await a.keys.durable("ses_1");
    expect((await b.keys.load("ses_1"))?.address).toBe(key.address);
    expect(b.keys.get("ses_1")?.address).toBe(key.address);
    // A third instance, started after the first died: nothing is lost.
    const c = await instance();
    expect(c.keys.get("ses_1")).toBeNull();
    await eventually(() => c.keys.get("ses_1")?.address === key.address);

    a.keys.destroy("ses_1");
    expect(a.keys.get("ses_1")).toBeNull();
    await a.keys.durable("ses_1");
    expect(await b.keys.load("ses_1")).toBeNull();
    expect(b.keys.get("ses_1")).toBeNull();
    expect(await (await instance()).keys.load("ses_1")).toBeNull();
  });

  test("the store holds the key only sealed, bound to the Safe and the session", async () => {
    const { instance } = await safeWorld();
    const a = await instance();
    const key = a.keys.create("ses_2");
    await a.keys.durable("ses_2");
    const blob = (await a.store.getSealedKey("safe-session:ses_2")) as string;
    expect(blob).not.toContain(Buffer.from(walletKeySecret(key)).toString("hex"));
    expect(JSON.parse(blob)).toMatchObject({ v: 1, alg: "aes-256-gcm", address: key.address });
    // The blob put under another session's name does not open there.
    await a.store.putSealedKey("safe-session:ses_3", blob);
    await expect(a.keys.load("ses_3")).rejects.toThrow(/moved or altered/);
  });

  test("two instances creating a key for the same session at once: exactly one key survives, the other never signs", async () => {
    const { instance } = await safeWorld();
    const [a, b] = [await instance(), await instance()];
    const ka = a.keys.create("ses_race");
    const kb = b.keys.create("ses_race");
    const results = await Promise.allSettled([a.keys.durable("ses_race"), b.keys.durable("ses_race")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = results[0]?.status === "fulfilled" ? { keys: a.keys, key: ka, loser: b.keys } : { keys: b.keys, key: kb, loser: a.keys };
    expect(String((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/never reused or replaced/);
    expect(winner.loser.get("ses_race")).toBeNull();
    expect((await winner.loser.load("ses_race"))?.address).toBe(winner.key.address);
  });

  test("a key whose sealing fails is forgotten (it never signs) and durable says why; a second create on one instance is refused at once", async () => {
    const { instance } = await safeWorld();
    const a = await instance();
    a.keys.create("ses_4");
    expect(() => a.keys.create("ses_4")).toThrow(/never reused or replaced/);
    await a.store.close();
    a.keys.create("ses_5");
    await expect(a.keys.durable("ses_5")).rejects.toThrow(/closed|unavailable/i);
    expect(a.keys.get("ses_5")).toBeNull();
  });

  test("an instance given another key-encryption key cannot open the session's key: a ConfigError naming the fix", async () => {
    const { instance } = await safeWorld();
    const a = await instance();
    a.keys.create("ses_6");
    await a.keys.durable("ses_6");
    const wrong = await instance(randomBytes(32));
    const e = await wrong.keys.load("ses_6").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect(String((e as Error).message)).toContain("give every instance the same key-encryption key");
    expect(wrong.keys.get("ses_6")).toBeNull();
  });
});
