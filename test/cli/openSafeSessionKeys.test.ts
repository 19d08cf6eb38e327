import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSafeSessionKeys } from "../../src/cli/openSafeSessionKeys";
import { openSigningKey } from "../../src/cli/openSigningKey";
import { WalletKey } from "../../src/signer/WalletKey";
import { parseConfig } from "../../src/config/parseConfig";
import { createEmbeddedStore } from "../../src/store/embedded/createEmbeddedStore";
import { createRedisStore } from "../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../src/store/redis/initRedisStore";
import { tempDir } from "../helpers/testWarden";
import { freshWallet } from "../store/redis/redisFixture";
import { type RedisServer, startRedisServer } from "../store/redis/redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const safe = freshWallet();
const wallet = (dir: string) => ({ mode: "safe-module", safe, module: freshWallet(), rpc_url: "http://127.0.0.1:9", session_keys_dir: join(dir, "keys") });

describe("openSafeSessionKeys: the backend the store calls for", () => {
  test("on the Redis store the keys are sealed in it; on the embedded store they are files in wallet.session_keys_dir", async () => {
    const dir = tempDir();
    await initRedisStore({ url: redis.url, chainId: 137, wallet: safe, mode: "new", actor: "test", reason: "safe keys" });
    const shared = await createRedisStore({ url: redis.url, chainId: 137, wallet: safe, commandTimeoutMs: 1_000 });
    const keys = openSafeSessionKeys(parseConfig({ wallet: wallet(dir), store: { kind: "redis", url: redis.url } }), shared, { WARDEN_KEY_ENCRYPTION_KEY: randomBytes(32).toString("hex") });
    keys.create("ses_1");
    await keys.durable("ses_1");
    expect(await shared.getSealedKey("safe-session:ses_1")).toBeDefined();
    expect(existsSync(join(dir, "keys"))).toBe(false);
    await shared.close();

    const local = await createEmbeddedStore({ path: ":memory:", synchronous: "FULL" });
    const files = openSafeSessionKeys(parseConfig({ wallet: wallet(dir) }), local, { WARDEN_KEYSTORE_PASSPHRASE: "a passphrase for the test" });
    files.create("ses_2");
    expect(existsSync(join(dir, "keys", "ses_2.json"))).toBe(true);
    expect(await local.getSealedKey("safe-session:ses_2")).toBeUndefined();
    await local.close();
  });

  test("names what is missing: the KEK on Redis, the passphrase on the embedded store, the mode elsewhere", async () => {
    const local = await createEmbeddedStore({ path: ":memory:", synchronous: "FULL" });
    expect(() => openSafeSessionKeys(parseConfig({ wallet: wallet(tempDir()), store: { kind: "redis", url: redis.url } }), local, {})).toThrow(/set WARDEN_KEY_ENCRYPTION_KEY or store\.redis\.key_encryption_key_file/);
    expect(() => openSafeSessionKeys(parseConfig({ wallet: wallet(tempDir()) }), local, {})).toThrow(/set WARDEN_KEYSTORE_PASSPHRASE/);
    expect(() => openSafeSessionKeys(parseConfig({}), local, {})).toThrow(/for wallet\.mode "safe-module"/);
    await local.close();
  });
});

describe("openSigningKey in safe-module mode (what warden start opens)", () => {
  test("on the Redis store: the Safe's store and its sealed session keys, so a key made on one instance signs on another", async () => {
    const theSafe = freshWallet();
    await initRedisStore({ url: redis.url, chainId: 137, wallet: theSafe, mode: "new", actor: "test", reason: "safe start" });
    const config = parseConfig({ wallet: { ...wallet(tempDir()), safe: theSafe }, store: { kind: "redis", url: redis.url } });
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    process.env.WARDEN_KEY_ENCRYPTION_KEY = randomBytes(32).toString("hex");
    try {
      const a = await openSigningKey(config, () => undefined, silent);
      const b = await openSigningKey(config, () => undefined, silent);
      expect(a.key).not.toBeInstanceOf(WalletKey);
      expect(a.store).toBeDefined();
      const keysA = a.key as Exclude<typeof a.key, WalletKey>;
      const keysB = b.key as Exclude<typeof b.key, WalletKey>;
      const made = keysA.create("ses_start");
      await keysA.durable("ses_start");
      expect((await keysB.load("ses_start"))?.address).toBe(made.address);
      await Promise.all([a.store?.close(), b.store?.close()]);
    } finally {
      delete process.env.WARDEN_KEY_ENCRYPTION_KEY;
    }
  });
  test("on the embedded store: one keystore per session, no store opened", async () => {
    const dir = tempDir();
    process.env.WARDEN_KEYSTORE_PASSPHRASE = "a passphrase for the start test";
    try {
      const opened = await openSigningKey(parseConfig({ wallet: wallet(dir) }), () => undefined, { info: () => undefined, warn: () => undefined, error: () => undefined });
      expect(opened.store).toBeUndefined();
      expect(opened.key).not.toBeInstanceOf(WalletKey);
    } finally {
      delete process.env.WARDEN_KEYSTORE_PASSPHRASE;
    }
  });
});
