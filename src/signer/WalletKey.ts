import { inspect } from "node:util";
import secp256k1 from "secp256k1";
import type { Address, Hex } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { keccak } from "./keccak";

/**
 * A wallet's private key, kept in a private field: it cannot be read back, serialised, logged or
 * inspected. Signs 32-byte digests with libsecp256k1 (RFC 6979 nonces, low-s), producing the same
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
    const { signature, recid } = secp256k1.ecdsaSign(digest, this.#secret);
    return `0x${Buffer.from(signature).toString("hex")}${recid === 0 ? "1b" : "1c"}`;
  }

  /**
   * Exports the key bytes for re-encryption into a keystore. Internal to the signer package.
   *
   * @returns A copy of the 32 key bytes.
   * @example
   * encryptKeystore({ secret: key.exportSecretForKeystore(), ... })
   */
  exportSecretForKeystore(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  toJSON(): { address: Address } {
    return { address: this.address };
  }

  [inspect.custom](): string {
    return `WalletKey { address: '${this.address}' }`;
  }
}
