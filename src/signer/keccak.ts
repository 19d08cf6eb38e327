import { keccak_256 } from "@noble/hashes/sha3.js";

/**
 * keccak-256 of bytes (noble, audited, constant-time enough for public data).
 *
 * @param data - Bytes to hash.
 * @returns 32-byte digest.
 * @example
 * keccak(new TextEncoder().encode("")) // c5d2460186f7233c…
 */
export function keccak(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}
