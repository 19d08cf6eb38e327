import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import pino from "pino";
import { describe, expect, test } from "vitest";
import { decryptKeystore } from "../../../src/signer/decryptKeystore";
import { createSafeSessionKeys } from "../../../src/signer/wallets/createSafeSessionKeys";
import { walletKeySecret } from "../../../src/signer/WalletKey";

const PASSPHRASE = "safe session keys test passphrase";
const store = (dir = mkdtempSync(join(tmpdir(), "warden-safe-keys-"))) => ({ dir, keys: createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: PASSPHRASE, scryptN: 16384 }) });
const secretHex = (key: Parameters<typeof walletKeySecret>[0]) => Buffer.from(walletKeySecret(key)).toString("hex");

describe("createSafeSessionKeys: one fresh session key per session, encrypted at rest, destroyed on revoke", () => {
  test("a new session gets a fresh key, written as a v3 keystore (0600) that holds no plaintext key and opens with the passphrase", () => {
    const { dir, keys } = store();
    const a = keys.create("ses_a");
    const b = keys.create("ses_b");
    expect(a.address).not.toBe(b.address);
    const path = join(dir, "keys", "ses_a.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "keys")).mode & 0o777).toBe(0o700);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(secretHex(a));
    expect(JSON.parse(text)).toMatchObject({ version: 3, crypto: { kdf: "scrypt", cipher: "aes-128-ctr" } });
    expect(decryptKeystore({ keystore: text, passphrase: PASSPHRASE }).address).toBe(a.address);
    expect(() => decryptKeystore({ keystore: text, passphrase: "wrong" })).toThrow(/passphrase/i);
  });

  test("a restarted store reads the session's key back from its file", () => {
    const { dir, keys } = store();
    const a = keys.create("ses_a");
    const reopened = createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: PASSPHRASE });
    expect(reopened.get("ses_a")?.address).toBe(a.address);
    expect(reopened.get("ses_unknown")).toBeNull();
  });

  test("a session key is never replaced or reused: a second create for the session is refused, in memory and after a restart", () => {
    const { dir, keys } = store();
    keys.create("ses_a");
    expect(() => keys.create("ses_a")).toThrow(/never reused or replaced/);
    expect(() => createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: PASSPHRASE }).create("ses_a")).toThrow(/never reused or replaced/);
  });

  test("destroy forgets the key and deletes its file, so no restart brings it back; destroying twice is fine", () => {
    const { dir, keys } = store();
    keys.create("ses_a");
    keys.create("ses_b");
    keys.destroy("ses_a");
    keys.destroy("ses_a");
    expect(keys.get("ses_a")).toBeNull();
    expect(existsSync(join(dir, "keys", "ses_a.json"))).toBe(false);
    expect(readdirSync(join(dir, "keys"))).toEqual(["ses_b.json"]);
    expect(createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: PASSPHRASE }).get("ses_a")).toBeNull();
  });

  test("load reads a key written by another store on the same directory; durable resolves at once (files are written synchronously)", async () => {
    const { dir, keys } = store();
    const a = keys.create("ses_a");
    await keys.durable("ses_a");
    const other = createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: PASSPHRASE });
    expect((await other.load("ses_a"))?.address).toBe(a.address);
    expect(await other.load("ses_none")).toBeNull();
    await expect(other.load("../x")).rejects.toThrow(/Warden session id/);
  });

  test.each(["../escape", "a/b", "", "x".repeat(129), "ses a"])("refuses the session id %j as a file name (no path escapes)", (id) => {
    const { keys } = store();
    expect(() => keys.create(id)).toThrow(/Warden session id/);
    expect(() => keys.get(id)).toThrow(/Warden session id/);
  });

  test("a session key never shows in inspect, JSON or an error about it", () => {
    const { keys } = store();
    const key = keys.create("ses_a");
    const secret = secretHex(key);
    let message = "";
    try {
      keys.create("ses_a");
    } catch (e) {
      message = `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`;
    }
    expect(message.length).toBeGreaterThan(0);
    for (const text of [inspect(key), JSON.stringify(key), JSON.stringify({ key }), message]) expect(text.toLowerCase()).not.toContain(secret);
  });

  test("a session key never reaches a JSON log line (pino), whatever is logged about it", () => {
    const { keys } = store();
    const key = keys.create("ses_a");
    const lines: string[] = [];
    const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
    let error: unknown;
    try {
      keys.create("ses_a");
    } catch (e) {
      error = e;
    }
    logger.info({ key, keys, session: { key } }, "session key created");
    logger.error({ err: error }, "second create refused");
    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).toContain(key.address);
    expect(lines.join("\n").toLowerCase()).not.toContain(secretHex(key));
  });
});
