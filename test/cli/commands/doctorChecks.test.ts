import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { keystoreCheck } from "../../../src/cli/commands/doctorChecks";
import { parseConfig } from "../../../src/config/parseConfig";

const depositWalletOnRedis = parseConfig({
  wallet: { mode: "deposit-wallet", owner: "0x000000000000000000000000000000000000dEaD", deposit_wallet: "0x000000000000000000000000000000000000bEEF", rpc_url: "http://127.0.0.1:9" },
  store: { kind: "redis", url: "redis://127.0.0.1:6390" },
});

describe("doctor's keystore check, deposit-wallet mode on the Redis store", () => {
  test("green with a key-encryption key: the session signer is in the store, not a local keystore", () => {
    expect(keystoreCheck(depositWalletOnRedis, { WARDEN_KEY_ENCRYPTION_KEY: randomBytes(32).toString("hex") })).toMatchObject({ check: "keystore", ok: true, detail: expect.stringContaining("sealed in the Redis store") });
  });
  test("red without one, naming both ways to give it", () => {
    expect(keystoreCheck(depositWalletOnRedis, {})).toMatchObject({ ok: false, fix: expect.stringContaining("WARDEN_KEY_ENCRYPTION_KEY or store.redis.key_encryption_key_file") });
  });
});
