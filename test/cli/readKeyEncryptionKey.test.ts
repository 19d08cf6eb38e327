import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readKeyEncryptionKey } from "../../src/cli/readKeyEncryptionKey";
import { parseConfig } from "../../src/config/parseConfig";

const redis = (file?: string) => parseConfig({ store: { kind: "redis", url: "redis://127.0.0.1:6379", redis: file ? { key_encryption_key_file: file } : {} } });
const kekFile = (text: string, mode = 0o600) => {
  const path = join(mkdtempSync(join(tmpdir(), "warden-kek-")), "kek");
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
};
const problem = (f: () => unknown) => {
  try {
    f();
    return "no error";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("readKeyEncryptionKey: from the environment or a 0600 file, 32+ random bytes, never echoed", () => {
  const hex = randomBytes(32).toString("hex");

  test("reads the KEK from WARDEN_KEY_ENCRYPTION_KEY as hex or base64, and from the file (a trailing newline is fine)", () => {
    expect(Buffer.from(readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: hex })).toString("hex")).toBe(hex);
    expect(Buffer.from(readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: Buffer.from(hex, "hex").toString("base64") })).toString("hex")).toBe(hex);
    expect(Buffer.from(readKeyEncryptionKey(redis(kekFile(`${hex}\n`)), {})).toString("hex")).toBe(hex);
  });

  test.each([
    ["neither source set", () => readKeyEncryptionKey(redis(), {}), /set WARDEN_KEY_ENCRYPTION_KEY or store\.redis\.key_encryption_key_file \(generate one with openssl rand -hex 32/],
    ["both set", () => readKeyEncryptionKey(redis(kekFile(hex)), { WARDEN_KEY_ENCRYPTION_KEY: hex }), /both WARDEN_KEY_ENCRYPTION_KEY and store\.redis\.key_encryption_key_file are set: keep one/],
    ["a short key", () => readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: "ab".repeat(31) }), /WARDEN_KEY_ENCRYPTION_KEY must hold at least 32 bytes/],
    ["a passphrase", () => readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: "correct horse battery staple" }), /WARDEN_KEY_ENCRYPTION_KEY must hold at least 32 bytes as hex/],
    ["a pattern", () => readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: "00".repeat(32) }), /does not look random/],
    ["a missing file", () => readKeyEncryptionKey(redis("/nonexistent/kek"), {}), /store\.redis\.key_encryption_key_file names \/nonexistent\/kek, which does not exist: create it/],
    ["a file others may read", () => readKeyEncryptionKey(redis(kekFile(hex, 0o644)), {}), /may be read by others \(mode 644\): chmod 600/],
    ["a short file", () => readKeyEncryptionKey(redis(kekFile("abcd")), {}), /store\.redis\.key_encryption_key_file \(the file\) must hold at least 32 bytes/],
  ])("%s is a ConfigError naming the fix", (_name, f, message) => {
    expect(f).toThrow(message);
  });

  test("no message echoes the key it refused", () => {
    const short = randomBytes(20).toString("hex");
    expect(problem(() => readKeyEncryptionKey(redis(), { WARDEN_KEY_ENCRYPTION_KEY: short }))).not.toContain(short);
    expect(problem(() => readKeyEncryptionKey(redis(kekFile(short)), {}))).not.toContain(short);
    expect(problem(() => readKeyEncryptionKey(redis(kekFile(hex, 0o640)), {}))).not.toContain(hex);
  });
});
