import { readdirSync, readFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import type { Hex } from "viem";
import { describe, expect, test } from "vitest";
import { checkRedisDurability } from "../../../src/store/redis/checkRedisDurability";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { freshWallet } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";
import { auditedApprovals, decide, seedSession } from "./redisTestKit";

const sig = (intent: string) => `0x${Buffer.from(intent).toString("hex")}` as Hex;

/**
 * Cuts the AOF as a SIGKILL in the middle of Redis's write of `intent`'s commit would: the
 * transaction (MULTI … EXEC, the script's effects) loses its last bytes, and nothing after it was
 * written. That commit was never acknowledged (Redis replies after the write).
 */
function cutInsideCommitOf(redis: RedisServer, intent: string): void {
  const dir = join(redis.dir, "appendonlydir");
  const number = (f: string) => Number(/\.(\d+)\.incr\.aof$/.exec(f)?.[1]);
  const incr = readdirSync(dir).filter((f) => f.endsWith(".incr.aof")).sort((x, y) => number(x) - number(y)).at(-1) as string;
  const text = readFileSync(join(dir, incr), "latin1");
  const at = text.indexOf(intent);
  const exec = text.indexOf("*1\r\n$4\r\nEXEC\r\n", at);
  expect(at).toBeGreaterThan(0);
  expect(exec).toBeGreaterThan(at);
  expect(text.lastIndexOf("MULTI", at)).toBeGreaterThan(text.lastIndexOf("EXEC", at));
  truncateSync(join(dir, incr), exec + 5);
}

/**
 * Commits `a_1` and `a_2` (acknowledged), Redis is killed and the file cut inside `a_2`'s commit
 * (as if its reply never came), then restarted; a fresh instance commits `a_3` (acknowledged), Redis
 * is killed and restarted again. Returns what a fresh instance reads then.
 */
async function crashInsideACommitTwice(redis: RedisServer) {
  const wallet = freshWallet();
  await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "aof" });
  const open = () => createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000 });
  const first = await open();
  const s = await seedSession(first);
  expect((await decide(first, s.session_id, "a_1", sig("a_1"))).outcome).toBe("approved");
  expect((await decide(first, s.session_id, "a_2", sig("a_2"))).outcome).toBe("approved");
  await first.close();
  redis.signal("SIGKILL");
  await redis.exited();
  cutInsideCommitOf(redis, "a_2");
  await redis.restart();

  const second = await open();
  const third = await decide(second, s.session_id, "a_3", sig("a_3"));
  await second.close();
  redis.signal("SIGKILL");
  await redis.exited();
  await redis.restart();

  const reader = await open();
  const audited = (await auditedApprovals(reader)).map((a) => a.intent_id);
  const verification = await reader.verifyAudit();
  const callsUsed = (await reader.getSession(s.session_id))?.calls_used;
  await reader.close();
  return { third: third.outcome, audited, verification, callsUsed };
}

describe("regression (faults.test SIGKILL, failed in this stop's clean-clone CI run and 1 in ~60 runs under load: acknowledged approvals missing from the audit): Redis killed in the middle of writing a commit", () => {
  test("with aof-load-truncated no (the production setting), the restart refuses the cut file, redis-check-aof --fix cuts it before the incomplete commit, and the commit acknowledged after that restart survives the next one", async () => {
    const redis = await startRedisServer();
    try {
      expect(await checkRedisDurability(redis.admin, 1_000)).toEqual([]);
      const r = await crashInsideACommitTwice(redis);
      expect(redis.aofFixes).toBe(1);
      expect(r.third).toBe("approved");
      expect(r.audited).toEqual(["a_1", "a_3"]);
      expect(r.verification).toMatchObject({ ok: true });
      expect(r.callsUsed).toBe(2);
    } finally {
      await redis.stop();
    }
  }, 60_000);

  test("why the setting is checked: with aof-load-truncated yes (Redis's default), Redis 7.0 keeps the half-written transaction, and at the next restart the acknowledged a_3 is gone while part of the unacknowledged a_2 is applied", async (ctx) => {
    const redis = await startRedisServer({ extraArgs: ["--aof-load-truncated", "yes"] });
    try {
      // What Redis 7.0 does (Debian's 7.0.15 here); a Redis that cuts before the MULTI would not lose it.
      const version = /redis_version:(\S+)/.exec(String(await redis.admin.info("server")))?.[1] ?? "";
      if (!version.startsWith("7.0.")) return ctx.skip(`redis ${version}: the loss is 7.0's behaviour`);
      expect(await checkRedisDurability(redis.admin, 1_000)).toEqual([expect.stringMatching(/^aof-load-truncated is yes, should be no: .*redis-check-aof --fix/)]);
      const r = await crashInsideACommitTwice(redis);
      expect(redis.aofFixes).toBe(0);
      expect(r.third).toBe("approved");
      expect(r.audited).not.toContain("a_3");
      expect(r.audited).toContain("a_2");
    } finally {
      await redis.stop();
    }
  }, 60_000);
});
