import { inspect } from "node:util";
import fc from "fast-check";
import { toHex } from "viem";
import { privateKeyToAccount, sign, serializeSignature } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { WalletKey } from "../../src/signer/WalletKey";

const key32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((b) => b.some((x) => x !== 0) && toHex(b) < "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

describe("WalletKey", () => {
  test("signs digests exactly like viem (RFC 6979, low-s, v = 27/28) for random keys and digests", async () => {
    await fc.assert(
      fc.asyncProperty(key32, fc.uint8Array({ minLength: 32, maxLength: 32 }), async (secret, digest) => {
        const pk = toHex(secret);
        const ours = WalletKey.fromPrivateKey(pk);
        const theirs = serializeSignature(await sign({ hash: toHex(digest), privateKey: pk }));
        return ours.signDigest(digest) === theirs && ours.address === privateKeyToAccount(pk).address.toLowerCase();
      }),
      { numRuns: 300 },
    );
  });

  test("generate makes a fresh valid key each time", () => {
    const keys = Array.from({ length: 16 }, () => WalletKey.generate());
    expect(new Set(keys.map((k) => k.address)).size).toBe(16);
    for (const k of keys) expect(k.address).toMatch(/^0x[0-9a-f]{40}$/);
  });

  test("never reveals the key through JSON, inspect or string conversion", () => {
    const pk = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
    const key = WalletKey.fromPrivateKey(pk);
    for (const text of [JSON.stringify(key), inspect(key, { showHidden: true, depth: 10 }), String(key), JSON.stringify({ key })]) {
      expect(text).not.toContain(pk.slice(2));
    }
  });

  test.each([
    ["zero", `0x${"00".repeat(32)}`],
    ["the curve order", "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"],
    ["too short", "0x1234"],
  ] as const)("refuses a %s key without echoing it", (_l, pk) => {
    expect(() => WalletKey.fromPrivateKey(pk as `0x${string}`)).toThrow(expect.objectContaining({ code: "WARDEN_ERR_INVALID_PARAMETER" }));
  });
});

describe("item 7c: a wallet key's bytes are not reachable from the public API surface", () => {
  test("the package entry exports no reader, and WalletKey has no member that returns the key", async () => {
    const api = await import("../../src/index");
    expect(Object.keys(api)).not.toContain("walletKeySecret");
    expect(Object.keys(api).filter((k) => /secret/i.test(k))).toEqual([]);
    const key = api.WalletKey.fromPrivateKey("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
    expect("exportSecretForKeystore" in key).toBe(false);
    expect(Reflect.ownKeys(key)).toEqual(["address"]);
    expect(Reflect.ownKeys(api.WalletKey.prototype).map(String).sort()).toEqual(["Symbol(nodejs.util.inspect.custom)", "constructor", "signDigest", "toJSON"]);
    expect(Reflect.ownKeys(api.WalletKey).map(String).sort()).toEqual(["fromBytes", "fromPrivateKey", "generate", "length", "name", "prototype"]);
  });
});
