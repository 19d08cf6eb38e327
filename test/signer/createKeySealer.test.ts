import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/errors/ConfigError";
import { createKeySealer } from "../../src/signer/createKeySealer";
import { WalletKey, walletKeySecret } from "../../src/signer/WalletKey";

const WALLET = "0x00000000000000000000000000000000000000aa";
const ctx = { chainId: 137, wallet: WALLET, name: "deposit-wallet:session-signer" };
const kek = randomBytes(32);
const sealer = createKeySealer({ kek });
const secretHex = (key: WalletKey) => Buffer.from(walletKeySecret(key)).toString("hex");

describe("createKeySealer: AES-256-GCM under an HKDF-derived key, bound to chain, wallet and name", () => {
  test("a sealed key opens to the same key under the same KEK and context; the blob holds neither the key nor the KEK", () => {
    const key = WalletKey.fromBytes(randomBytes(32));
    const blob = sealer.seal(key, ctx);
    expect(JSON.parse(blob)).toMatchObject({ v: 1, alg: "aes-256-gcm", kdf: "hkdf-sha256", address: key.address });
    expect(blob).not.toContain(secretHex(key));
    expect(blob).not.toContain(Buffer.from(walletKeySecret(key)).toString("base64url"));
    expect(blob).not.toContain(kek.toString("hex"));
    expect(sealer.open(blob, ctx).address).toBe(key.address);
    expect(sealer.addressOf(blob)).toBe(key.address);
    // A fresh salt and nonce each time: sealing twice never gives the same blob.
    expect(sealer.seal(key, ctx)).not.toBe(blob);
  });

  test("a blob moved to another name, wallet or chain, or opened under another KEK, fails with a ConfigError naming the fix", () => {
    const key = WalletKey.fromBytes(randomBytes(32));
    const blob = sealer.seal(key, ctx);
    fc.assert(
      fc.property(
        fc.record({ chainId: fc.integer({ min: 1, max: 1_000_000 }), wallet: fc.uint8Array({ minLength: 20, maxLength: 20 }), name: fc.stringMatching(/^[A-Za-z0-9:_.-]{1,40}$/) }),
        ({ chainId, wallet, name }) => {
          const other = { chainId, wallet: `0x${Buffer.from(wallet).toString("hex")}`, name };
          fc.pre(other.chainId !== ctx.chainId || other.wallet !== ctx.wallet || other.name !== ctx.name);
          expect(() => sealer.open(blob, other)).toThrow(ConfigError);
        },
      ),
      { numRuns: 200 },
    );
    const wrong = createKeySealer({ kek: randomBytes(32) });
    let message = "";
    try {
      wrong.open(blob, ctx);
    } catch (e) {
      message = `${(e as Error).message}`;
    }
    expect(message).toMatch(/does not open with this key-encryption key/);
    expect(message).toMatch(/WARDEN_KEY_ENCRYPTION_KEY or store\.redis\.key_encryption_key_file/);
    expect(message).not.toContain(kek.toString("hex"));
    expect(message).not.toContain(secretHex(key));
  });

  test("any altered byte of the ciphertext, tag, nonce, salt or address is refused", () => {
    const key = WalletKey.fromBytes(randomBytes(32));
    const parsed = JSON.parse(sealer.seal(key, ctx)) as Record<string, string>;
    fc.assert(
      fc.property(fc.constantFrom("ct", "tag", "iv", "salt"), fc.nat(), fc.integer({ min: 1, max: 255 }), (field, at, flip) => {
        const bytes = Buffer.from(parsed[field] as string, "base64url");
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ flip;
        expect(() => sealer.open(JSON.stringify({ ...parsed, [field]: bytes.toString("base64url") }), ctx)).toThrow(ConfigError);
      }),
      { numRuns: 200 },
    );
    const other = WalletKey.fromBytes(randomBytes(32));
    expect(() => sealer.open(JSON.stringify({ ...parsed, address: other.address }), ctx)).toThrow(/does not open/);
  });

  test("a blob of a newer format or no blob at all names what is wrong", () => {
    const blob = JSON.parse(sealer.seal(WalletKey.fromBytes(randomBytes(32)), ctx)) as Record<string, unknown>;
    expect(() => sealer.open(JSON.stringify({ ...blob, v: 2 }), ctx)).toThrow(/format 2, newer than this Warden reads/);
    expect(() => sealer.open("not json", ctx)).toThrow(/not a sealed key this Warden wrote/);
    expect(sealer.addressOf("not json")).toBeNull();
  });

  test("a KEK shorter than 32 bytes is refused", () => {
    expect(() => createKeySealer({ kek: randomBytes(31) })).toThrow(/at least 32 random bytes/);
  });
});
