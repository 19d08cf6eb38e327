import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import secp256k1 from "secp256k1";
import type { Address, Hex } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { keccak } from "./keccak";

/** Set once, by WalletKey's static block: the only code that can read a key's bytes. */
let readSecret!: (key: WalletKey) => Uint8Array;

// One output buffer for every signature of the process: signing is synchronous and the hex string
// is read out of it at once. The library's default makes a 64-byte array per call, which the
// native addon moves off the heap: an array buffer for every young collection to sweep.
const SIGNATURE_OUT = new Uint8Array(64);
const SIGNATURE_OUT_VIEW = Buffer.from(SIGNATURE_OUT.buffer, SIGNATURE_OUT.byteOffset, 64);
const NO_SIGN_OPTIONS = Object.freeze({});

/**
 * A wallet's private key, kept in a private field: it cannot be read back, serialised, logged or
 * inspected, and no method of the class returns it. Signs 32-byte digests with libsecp256k1 (RFC 6979 nonces, low-s), producing the same
 * 65-byte `r‖s‖v` (v = 27/28) signature as viem.
 *
 * @example
 * const key = WalletKey.fromPrivateKey("0x…")
 * key.address // "0x…" (lower-case)
 * key.signDigest(digest) // "0x…" 65 bytes
 */
export class WalletKey {
  readonly #secret: Uint8Array;
  /** Lower-case address of the key. */
  readonly address: Address;

  static {
    // Handed to walletKeySecret below, which the package entry does not export: only the keystore
    // code reads a key's bytes, and a strategy holding a WalletKey finds no method that returns them.
    readSecret = (key) => Uint8Array.from(key.#secret);
  }

  private constructor(secret: Uint8Array) {
    if (secret.length !== 32 || !secp256k1.privateKeyVerify(secret)) {
      throw new InvalidParameterError({ field: "privateKey", fix: "Use a 32-byte secp256k1 key (0 < key < n)." });
    }
    this.#secret = secret;
    const pub = secp256k1.publicKeyCreate(secret, false);
    this.address = `0x${Buffer.from(keccak(pub.subarray(1)).subarray(12)).toString("hex")}` as Address;
  }

  /**
   * Wraps raw key bytes (copied, so the caller may wipe its buffer).
   *
   * @param secret - 32 bytes.
   * @returns The key.
   * @example
   * WalletKey.fromBytes(crypto.getRandomValues(new Uint8Array(32)))
   */
  static fromBytes(secret: Uint8Array): WalletKey {
    return new WalletKey(Uint8Array.from(secret));
  }

  /**
   * A fresh random key (32 bytes from the OS's CSPRNG; the buffer they came in is wiped).
   *
   * @returns The key.
   * @example
   * const sessionKey = WalletKey.generate()
   */
  static generate(): WalletKey {
    const secret = randomBytes(32);
    try {
      return new WalletKey(Uint8Array.from(secret));
    } finally {
      secret.fill(0);
    }
  }

  /**
   * Wraps a 0x-hex private key.
   *
   * @param hex - 0x-prefixed 64 hex digits.
   * @returns The key.
   * @example
   * WalletKey.fromPrivateKey(generatePrivateKey())
   */
  static fromPrivateKey(hex: Hex): WalletKey {
    if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
      throw new InvalidParameterError({ field: "privateKey", fix: "Pass 0x followed by 64 hex digits." });
    return new WalletKey(Buffer.from(hex.slice(2), "hex"));
  }

  /**
   * Signs a 32-byte digest.
   *
   * @param digest - The EIP-712 digest (already hashed).
   * @returns `r‖s‖v` as 0x-hex, v = 27 or 28.
   * @example
   * key.signDigest(hasher.hashOrder(exchange, order))
   */
  signDigest(digest: Uint8Array): Hex {
    const { recid } = secp256k1.ecdsaSign(digest, this.#secret, NO_SIGN_OPTIONS, SIGNATURE_OUT);
    return `0x${SIGNATURE_OUT_VIEW.toString("hex")}${recid === 0 ? "1b" : "1c"}`;
  }

  toJSON(): { address: Address } {
    return { address: this.address };
  }

  [inspect.custom](): string {
    return `WalletKey { address: '${this.address}' }`;
  }
}

/**
 * The key bytes of a wallet key, for re-encryption into a keystore. Internal to the signer: the
 * package entry (`src/index.ts`) exports `WalletKey` but not this, and only `encryptKeystore` and
 * `createKeySealer` import it. It lives beside the class because only the class body can read `#secret`.
 *
 * @param key - The wallet key.
 * @returns A copy of the 32 key bytes (the caller wipes it).
 * @example
 * const secret = walletKeySecret(key); try { encrypt(secret) } finally { secret.fill(0) }
 */
export function walletKeySecret(key: WalletKey): Uint8Array {
  return readSecret(key);
}
