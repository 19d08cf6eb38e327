import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { openGuardianKey } from "../../src/cli/openGuardianKey";
import { parseConfig } from "../../src/config/parseConfig";
import { ConfigError } from "../../src/errors/ConfigError";
import { KeystoreError } from "../../src/errors/KeystoreError";
import { encryptKeystore } from "../../src/signer/encryptKeystore";
import { WalletKey } from "../../src/signer/WalletKey";

describe("openGuardianKey: the guardian keystore of safe-module mode's on-chain kill switch", () => {
  const dir = mkdtempSync(join(tmpdir(), "warden-guardian-key-"));
  const path = join(dir, "guardian.json");
  const key = WalletKey.fromPrivateKey(generatePrivateKey());
  writeFileSync(path, JSON.stringify(encryptKeystore({ key, passphrase: "guardian pass", scryptN: 16384 })));
  const config = (guardian_keystore?: string) =>
    parseConfig({ kill_switch: { pause_user: { rpc_url: "http://127.0.0.1:8545", ...(guardian_keystore === undefined ? {} : { guardian_keystore }) } } });

  test("no guardian_keystore: no key", () => {
    expect(openGuardianKey(config(), {})).toBeUndefined();
  });
  test("opens the keystore with WARDEN_GUARDIAN_PASSPHRASE", () => {
    expect(openGuardianKey(config(path), { WARDEN_GUARDIAN_PASSPHRASE: "guardian pass" })?.address).toBe(key.address);
  });
  test("a missing file or passphrase fails with the fix; a wrong passphrase is a keystore error", () => {
    expect(() => openGuardianKey(config(join(dir, "nope.json")), { WARDEN_GUARDIAN_PASSPHRASE: "x" })).toThrow(ConfigError);
    expect(() => openGuardianKey(config(join(dir, "nope.json")), { WARDEN_GUARDIAN_PASSPHRASE: "x" })).toThrow(/no guardian keystore at/);
    expect(() => openGuardianKey(config(path), {})).toThrow(/set WARDEN_GUARDIAN_PASSPHRASE/);
    expect(() => openGuardianKey(config(path), { WARDEN_GUARDIAN_PASSPHRASE: "wrong" })).toThrow(KeystoreError);
  });
  test("guardian_keystore outside safe-module mode is refused at start", async () => {
    const { userPauserFromConfig } = await import("../../src/warden/userPauserFromConfig");
    expect(() => userPauserFromConfig(config(path), key, Date.now)).toThrow(/for safe-module mode only/);
  });
});
