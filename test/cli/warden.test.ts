import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { decryptKeystore } from "../../src/signer/decryptKeystore";
import { tempDir } from "../helpers/testWarden";

describe("item 7c: the CLI still creates a keystore (the keystore code reads the key's bytes, nothing else does)", () => {
  test("warden keystore-create writes a keystore that opens with its passphrase", () => {
    const dir = tempDir();
    const keystore = join(dir, "wallet.json");
    writeFileSync(join(dir, "warden.config.json"), JSON.stringify({ wallet: { keystore_path: keystore }, log: { level: "silent" } }));
    const run = spawnSync(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/warden.ts"), "keystore-create", "--config", join(dir, "warden.config.json")], {
      encoding: "utf8",
      env: { ...process.env, WARDEN_KEYSTORE_PASSPHRASE: "correct horse battery staple" },
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const key = decryptKeystore({ keystore: readFileSync(keystore, "utf8"), passphrase: "correct horse battery staple" });
    expect(key.address).toMatch(/^0x[0-9a-f]{40}$/);
  }, 60_000);
});
