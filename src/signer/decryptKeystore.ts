import { createDecipheriv, pbkdf2Sync, scryptSync, timingSafeEqual } from "node:crypto";
import { scrypt as nobleScrypt } from "@noble/hashes/scrypt.js";
import { KeystoreError } from "../errors/KeystoreError";
import { keccak } from "./keccak";
import { WalletKey } from "./WalletKey";

const HEX = /^[0-9a-fA-F]*$/;

function hexField(obj: Record<string, unknown>, key: string, field: string, bytes?: number): Buffer {
  const v = obj[key];
  const clean = typeof v === "string" && v.startsWith("0x") ? v.slice(2) : v;
  if (typeof clean !== "string" || !HEX.test(clean) || clean.length % 2 !== 0 || (bytes && clean.length !== bytes * 2))
    throw new KeystoreError({ reason: "malformed", field });
  return Buffer.from(clean, "hex");
}

function intField(obj: Record<string, unknown>, key: string, field: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) throw new KeystoreError({ reason: "malformed", field });
  return v;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new KeystoreError({ reason: "malformed", field });
  return v as Record<string, unknown>;
}

/**
 * Derives the key-encryption key of a v3 keystore (scrypt or pbkdf2-hmac-sha256).
 * Exported for {@link encryptKeystore}; parameters were validated by the caller.
 */
export function deriveKeystoreKey(kdf: string, params: Record<string, unknown>, passphrase: string): Buffer {
  const salt = hexField(params, "salt", "crypto.kdfparams.salt");
  const dklen = intField(params, "dklen", "crypto.kdfparams.dklen");
  if (dklen !== 32) throw new KeystoreError({ reason: "weak_kdf_params", field: "crypto.kdfparams.dklen" });
  if (kdf === "scrypt") {
    const n = intField(params, "n", "crypto.kdfparams.n");
    const r = intField(params, "r", "crypto.kdfparams.r");
    const p = intField(params, "p", "crypto.kdfparams.p");
    if (n < 16384 || (n & (n - 1)) !== 0) throw new KeystoreError({ reason: "weak_kdf_params", field: "crypto.kdfparams.n" });
    // Bounded so a hostile file cannot make Warden allocate gigabytes at start-up.
    if (n > 1 << 20 || r > 32 || p > 16) throw new KeystoreError({ reason: "malformed", field: "crypto.kdfparams" });
    try {
      // OpenSSL enforces RFC 7914's N < 2^(16·r); some keystores in the wild (including the
      // standard's own test vector, r = 1, N = 2^18) exceed it, so those go through noble's scrypt.
      if (n >= 2 ** (16 * r)) return Buffer.from(nobleScrypt(passphrase.normalize("NFKC"), salt, { N: n, r, p, dkLen: dklen }));
      return scryptSync(passphrase.normalize("NFKC"), salt, dklen, { N: n, r, p, maxmem: 128 * n * r * (p + 2) + 32 * 1024 * 1024 });
    } catch {
      throw new KeystoreError({ reason: "malformed", field: "crypto.kdfparams" });
    }
  }
  if (kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256") throw new KeystoreError({ reason: "unsupported_kdf", field: "crypto.kdfparams.prf" });
    const c = intField(params, "c", "crypto.kdfparams.c");
    if (c < 100_000) throw new KeystoreError({ reason: "weak_kdf_params", field: "crypto.kdfparams.c" });
    return pbkdf2Sync(passphrase.normalize("NFKC"), salt, c, dklen, "sha256");
  }
  throw new KeystoreError({ reason: "unsupported_kdf", field: "crypto.kdf" });
}

/**
 * Opens a Web3 Secret Storage v3 keystore (geth / MetaMask export format; scrypt or pbkdf2,
 * aes-128-ctr) with its passphrase. The MAC is checked before decryption; a wrong passphrase is a
 * {@link KeystoreError} with reason `wrong_passphrase`, never a garbage key.
 *
 * @param params.keystore - The parsed JSON (or its text).
 * @param params.passphrase - The passphrase.
 * @returns The wallet key.
 * @example
 * const key = decryptKeystore({ keystore: readFileSync("wallet.json", "utf8"), passphrase })
 */
export function decryptKeystore({ keystore, passphrase }: { keystore: unknown; passphrase: string }): WalletKey {
  let json: unknown = keystore;
  if (typeof keystore === "string") {
    try {
      json = JSON.parse(keystore);
    } catch {
      throw new KeystoreError({ reason: "malformed" });
    }
  }
  const root = record(json, "keystore");
  if (root.version !== 3) throw new KeystoreError({ reason: "malformed", field: "version" });
  const crypto = record(root.crypto ?? root.Crypto, "crypto");
  if (crypto.cipher !== "aes-128-ctr") throw new KeystoreError({ reason: "unsupported_cipher", field: "crypto.cipher" });
  const ciphertext = hexField(crypto, "ciphertext", "crypto.ciphertext", 32);
  const iv = hexField(record(crypto.cipherparams, "crypto.cipherparams"), "iv", "crypto.cipherparams.iv", 16);
  const mac = hexField(crypto, "mac", "crypto.mac", 32);
  const derived = deriveKeystoreKey(String(crypto.kdf), record(crypto.kdfparams, "crypto.kdfparams"), passphrase);
  const expected = keccak(Buffer.concat([derived.subarray(16, 32), ciphertext]));
  if (!timingSafeEqual(Buffer.from(expected), mac)) throw new KeystoreError({ reason: "wrong_passphrase" });
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const secret = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  let key: WalletKey;
  try {
    key = WalletKey.fromBytes(secret);
  } catch {
    throw new KeystoreError({ reason: "malformed", field: "crypto.ciphertext" });
  } finally {
    secret.fill(0);
    derived.fill(0);
  }
  if (typeof root.address === "string" && root.address.replace(/^0x/, "").toLowerCase() !== key.address.slice(2))
    throw new KeystoreError({ reason: "address_mismatch", field: "address" });
  return key;
}
