import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { Address } from "viem";
import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { WalletKey, walletKeySecret } from "./WalletKey";

/** Whose key a sealed blob is: bound into its AAD, so a blob moved to another name, wallet or chain does not open. */
export type SealedKeyContext = { chainId: number; wallet: Address | string; name: string };

/** Seals wallet keys for a shared store and opens them again; the key-encryption key never leaves it. */
export type KeySealer = {
  /** The key, sealed: a versioned JSON text safe to keep anywhere (its address is in the clear). */
  seal(key: WalletKey, context: SealedKeyContext): string;
  /** The key a blob holds. @throws {ConfigError} when it does not open under this KEK and context. */
  open(blob: string, context: SealedKeyContext): WalletKey;
  /** The address a blob says it holds (read without the KEK; {@link KeySealer.open} proves it). */
  addressOf(blob: string): Address | null;
};

/** The smallest key-encryption key: 32 bytes of entropy. */
export const MIN_KEK_BYTES = 32;
const VERSION = 1;
const INFO = Buffer.from("warden sealed wallet key v1");
const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const blobSchema = z.object({
  v: z.literal(VERSION),
  alg: z.literal("aes-256-gcm"),
  kdf: z.literal("hkdf-sha256"),
  address: z.string().regex(/^0x[0-9a-f]{40}$/),
  salt: b64,
  iv: b64,
  ct: b64,
  tag: b64,
});

const aadOf = (c: SealedKeyContext, address: string) => Buffer.from(`warden-sealed-key/v${VERSION}\0chain=${c.chainId}\0wallet=${String(c.wallet).toLowerCase()}\0name=${c.name}\0address=${address}`);
const keyOf = (kek: Uint8Array, salt: Uint8Array) => Buffer.from(hkdfSync("sha256", kek, salt, INFO, 32));
const where = (c: SealedKeyContext) => `sealed key ${c.name} of wallet ${String(c.wallet).toLowerCase()} on chain ${c.chainId}`;

/**
 * The sealing of keys every instance needs (the deposit wallet's session signer, Safe-module
 * session keys): AES-256-GCM under a key derived with HKDF-SHA256 from the key-encryption key and
 * a random salt of the blob's own, a random 96-bit nonce, and AAD binding the chain, wallet, name
 * and address — so a blob moved to another name or wallet, or altered, fails to open. The blob is
 * versioned (`v`). Plaintext key bytes exist only in this process's memory, wiped after use; the
 * KEK is copied in and never appears in a message or log.
 *
 * @param params.kek - The key-encryption key, at least 32 bytes (e.g. `openssl rand -hex 32`, decoded).
 * @returns The sealer.
 * @throws {InvalidParameterError} for a KEK shorter than 32 bytes.
 * @example
 * const sealer = createKeySealer({ kek })
 * const blob = sealer.seal(key, { chainId: 137, wallet, name: "deposit-wallet:session-signer" })
 * sealer.open(blob, { chainId: 137, wallet, name: "deposit-wallet:session-signer" }).address === key.address
 */
export function createKeySealer({ kek }: { kek: Uint8Array }): KeySealer {
  if (!(kek instanceof Uint8Array) || kek.length < MIN_KEK_BYTES)
    throw new InvalidParameterError({ field: "key-encryption key", fix: `Use at least ${MIN_KEK_BYTES} random bytes, e.g. from openssl rand -hex 32.` });
  const secretKek = Uint8Array.from(kek);
  const unopenable = (c: SealedKeyContext, why: string) =>
    new ConfigError({
      subject: "key-encryption key",
      problems: `✖ the ${where(c)} ${why}: give every instance the same key-encryption key (WARDEN_KEY_ENCRYPTION_KEY or store.redis.key_encryption_key_file) as the instance that sealed it; if that key is lost, delete the sealed key and start again (a new session signer must be authorised by the owner)`,
    });
  const parse = (blob: string) => {
    try {
      return blobSchema.safeParse(JSON.parse(blob));
    } catch {
      return null;
    }
  };

  return {
    seal(key, context) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const aesKey = keyOf(secretKek, salt);
      const secret = walletKeySecret(key);
      try {
        const cipher = createCipheriv("aes-256-gcm", aesKey, iv);
        cipher.setAAD(aadOf(context, key.address));
        const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
        const tag = cipher.getAuthTag();
        const enc = (b: Buffer) => b.toString("base64url");
        return JSON.stringify({ v: VERSION, alg: "aes-256-gcm", kdf: "hkdf-sha256", address: key.address, salt: enc(salt), iv: enc(iv), ct: enc(ct), tag: enc(tag) });
      } finally {
        secret.fill(0);
        aesKey.fill(0);
      }
    },
    open(blob, context) {
      const parsed = parse(blob);
      if (!parsed?.success) {
        const v = parsed === null ? undefined : (JSON.parse(blob) as { v?: unknown })?.v;
        throw unopenable(context, typeof v === "number" && v > VERSION ? `was sealed in format ${v}, newer than this Warden reads (${VERSION}); run the newer Warden` : "is not a sealed key this Warden wrote");
      }
      const b = parsed.data;
      const dec = (s: string) => Buffer.from(s, "base64url");
      const aesKey = keyOf(secretKek, dec(b.salt));
      let secret: Buffer | null = null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", aesKey, dec(b.iv));
        decipher.setAAD(aadOf(context, b.address));
        decipher.setAuthTag(dec(b.tag));
        secret = Buffer.concat([decipher.update(dec(b.ct)), decipher.final()]);
      } catch {
        // GCM cannot tell a wrong KEK from a blob moved to another name or wallet, or altered.
        throw unopenable(context, "does not open with this key-encryption key (another key, or the blob was moved or altered)");
      } finally {
        aesKey.fill(0);
      }
      try {
        const key = WalletKey.fromBytes(secret);
        if (key.address !== b.address) throw unopenable(context, "holds another key than its address says");
        return key;
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        throw unopenable(context, "does not hold a valid key");
      } finally {
        secret.fill(0);
      }
    },
    addressOf(blob) {
      const parsed = parse(blob);
      return parsed?.success ? (parsed.data.address as Address) : null;
    },
  };
}
