import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { depositWalletAddresses } from "../../src/chain/depositWalletAddresses";
import { tempDir } from "../helpers/testWarden";
import { type RedisServer, startRedisServer } from "../store/redis/redisServer";
import { freePort, runCli, startWarden, type StartedWarden } from "./helpers/cliProcess";

const owner = privateKeyToAccount(generatePrivateKey());
const depositWallet = depositWalletAddresses({ owner: owner.address }).beacon;
const kek = randomBytes(32).toString("hex");
let redis: RedisServer;
const started: StartedWarden[] = [];

/** A machine of its own: a directory with the config and no keystore. Nothing listens on port 9 (the RPC). */
const instanceDir = () => {
  const dir = tempDir();
  const config = {
    wallet: { mode: "deposit-wallet", owner: owner.address, deposit_wallet: depositWallet, rpc_url: "http://127.0.0.1:9" },
    store: { kind: "redis", url: redis.url, redis: { command_timeout_ms: 1_000 } },
    log: { level: "info" },
  };
  writeFileSync(join(dir, "warden.config.json"), JSON.stringify(config));
  return dir;
};
const start = async (extra: Record<string, string> = {}) => {
  const w = await startWarden({ cwd: instanceDir(), env: { WARDEN_PORT: String(await freePort()), WARDEN_KEY_ENCRYPTION_KEY: kek, ...extra } });
  started.push(w);
  return w;
};
const signerOf = (w: StartedWarden) => {
  const m = /"session_signer":"(0x[0-9a-fA-F]{40})"/.exec(w.output());
  if (!m) throw new Error(`no session signer logged:\n${w.output()}`);
  return m[1];
};

beforeAll(async () => {
  redis = await startRedisServer();
  const init = runCli(["store", "init", "--actor", "test", "--reason", "shared signer"], { cwd: instanceDir() });
  expect(init.status, init.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  for (const w of started) await w.stop();
  await redis?.stop();
});

describe("deposit-wallet mode on the Redis store: one session signer for every instance, sealed under the KEK", () => {
  test("two instances started at once sign as the same session signer; one killed, a third started later takes the same one", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(signerOf(a)).toBe(signerOf(b));
    // Exactly one of them created it; the other took it from the store.
    const outputs = [a.output(), b.output()].join("\n");
    expect(outputs.split("new shared session signer").length - 1).toBe(1);
    expect(outputs).toContain("took the shared session signer from the store");
    process.kill(-(a.child.pid as number), "SIGKILL");
    await new Promise((r) => a.child.once("exit", r));
    started.splice(started.indexOf(a), 1);
    const c = await start();
    expect(signerOf(c)).toBe(signerOf(b));
    // The store holds it sealed: neither the KEK nor a private key is in Redis or any log.
    const sealed = await redis.admin.hgetall((await redis.admin.keys("*:sealed"))[0] as string);
    expect(Object.keys(sealed)).toEqual(["deposit-wallet:session-signer"]);
    expect(JSON.parse(sealed["deposit-wallet:session-signer"] as string)).toMatchObject({ v: 1, alg: "aes-256-gcm", address: signerOf(c)?.toLowerCase() });
    for (const text of [JSON.stringify(sealed), ...started.map((w) => w.output())]) expect(text).not.toContain(kek);
  }, 120_000);

  test("an instance given another KEK refuses to start with a ConfigError naming the fix, not a stack trace", () => {
    const run = runCli(["start"], { cwd: instanceDir(), env: { WARDEN_PORT: "0", WARDEN_KEY_ENCRYPTION_KEY: randomBytes(32).toString("hex") } });
    const text = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(text).toContain("does not open with this key-encryption key");
    expect(text).toContain("give every instance the same key-encryption key (WARDEN_KEY_ENCRYPTION_KEY or store.redis.key_encryption_key_file)");
    expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(text).not.toContain(kek);
  }, 60_000);
});
