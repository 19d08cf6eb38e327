import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/errors/ConfigError";
import { createStore } from "../../src/store/createStore";
import { type StoreConfig, storeConfigSchema } from "../../src/store/storeConfigSchema";
import { StoreUnavailableError } from "../../src/errors/StoreUnavailableError";
import { initRedisStore } from "../../src/store/redis/initRedisStore";
import { freshWallet } from "./redis/redisFixture";
import { startRedisServer } from "./redis/redisServer";
import { seed, tempDir } from "./storeFixtures";

describe("createStore", () => {
  test("kind embedded opens the embedded store on the configured file", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createStore(storeConfigSchema.parse({ kind: "embedded", path, synchronous: "FULL" }));
    const s = await seed(store);
    await store.close();
    const again = await createStore(storeConfigSchema.parse({ path }));
    expect((await again.getSession(s.session_id))?.session_id).toBe(s.session_id);
    expect((await again.health()).gauges.map((g) => g.name)).toContain("warden_store_wal_sync_age_seconds");
    await again.close();
  });

  test("kind redis opens the wallet's Redis store (initialised once); without the wallet it is a ConfigError", async () => {
    const redis = await startRedisServer();
    const wallet = freshWallet();
    const config = storeConfigSchema.parse({ kind: "redis", url: redis.url, redis: { command_timeout_ms: 1000 } });
    await expect(createStore(config)).rejects.toBeInstanceOf(ConfigError);
    await expect(createStore(config, { chainId: 137, wallet })).rejects.toThrow(/no store for wallet .* run `warden store init`|warden store init/);
    await expect(createStore(config, { chainId: 137, wallet })).rejects.toBeInstanceOf(StoreUnavailableError);
    await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "createStore test" });
    const store = await createStore(config, { chainId: 137, wallet });
    const s = await seed(store);
    await store.close();
    const again = await createStore(config, { chainId: 137, wallet });
    expect((await again.getSession(s.session_id))?.session_id).toBe(s.session_id);
    expect((await again.health()).gauges.map((g) => g.name)).toContain("warden_store_redis_uncertain_intents");
    await again.close();
    await redis.stop();
  });

  test("a kind without an implementation (a config that skipped validation) is a ConfigError naming the field and the fix", async () => {
    const e = await createStore({ kind: "memcached", path: "x" } as unknown as StoreConfig).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatchInlineSnapshot(`
      "Invalid configuration.
      ✖ store.kind must be embedded or redis
        → at store.kind"
    `);
  });
});
