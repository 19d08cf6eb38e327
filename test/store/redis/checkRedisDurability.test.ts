import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createLogger } from "../../../src/log/createLogger";
import { checkRedisDurability } from "../../../src/store/redis/checkRedisDurability";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { freshWallet } from "./redisFixture";
import { startRedisServer } from "./redisServer";

describe("Redis durability settings, checked at start", () => {
  test("the production settings pass; each one missing is named with its consequence", async () => {
    const good = await startRedisServer();
    const bad = await startRedisServer({ appendonly: false, appendfsync: "everysec", extraArgs: ["--maxmemory-policy", "allkeys-lru"] });
    expect(await checkRedisDurability(good.admin, 1_000)).toEqual([]);
    const problems = await checkRedisDurability(bad.admin, 1_000);
    expect(problems).toEqual([
      expect.stringMatching(/^appendonly is no, should be yes/),
      expect.stringMatching(/^appendfsync is everysec, should be always: .*lose the last second/),
      expect.stringMatching(/^maxmemory-policy is allkeys-lru, should be noeviction/),
    ]);
    await good.stop();
    await bad.stop();
  });

  test("a store opened on such a server warns once per setting, and its logs never show the URL's password", async () => {
    const redis = await startRedisServer({ appendfsync: "everysec", password: "s3cret-pw" });
    const url = `redis://:s3cret-pw@127.0.0.1:${redis.port}`;
    const lines: string[] = [];
    const logger = createLogger({ level: "trace", destination: new Writable({ write: (c, _e, cb) => { lines.push(String(c)); cb(); } }) });
    const wallet = freshWallet();
    await initRedisStore({ url, chainId: 137, wallet, mode: "new", actor: "ops", reason: "test" });
    const store = await createRedisStore({ url, chainId: 137, wallet, logger, commandTimeoutMs: 1_000 });
    await store.close();
    const text = lines.join("");
    expect(text).toContain("appendfsync is everysec, should be always");
    expect(text).toContain("redis://[redacted]@127.0.0.1");
    expect(text).not.toContain("s3cret-pw");
    // A wrong password: refused at open, the error names neither password.
    const e = await createRedisStore({ url: `redis://:wrong-pw@127.0.0.1:${redis.port}`, chainId: 137, wallet, logger }).catch((x: unknown) => x);
    expect(`${String(e)} ${JSON.stringify(e)}`).not.toMatch(/wrong-pw|s3cret-pw/);
    await redis.stop();
  });
});
