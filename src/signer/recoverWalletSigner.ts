import { type Address, type Hex, recoverAddress } from "viem";

const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * Recovers the EOA that signed a digest, refusing malleable or malformed signatures: exactly 65
 * bytes, `v` ∈ {27, 28, 0, 1}, `0 < r`, `0 < s ≤ n/2` (low-s), and never `address(0)`.
 *
 * @param params.digest - The signed 32-byte digest.
 * @param params.signature - `r‖s‖v` hex.
 * @returns The lower-case signer, or null when the signature is not acceptable.
 * @example
 * await recoverWalletSigner({ digest, signature }) === wallet
 */
export async function recoverWalletSigner({ digest, signature }: { digest: Hex; signature: unknown }): Promise<Address | null> {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) return null;
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || s === 0n || s > HALF_N || ![0, 1, 27, 28].includes(v)) return null;
  try {
    const addr = (await recoverAddress({ hash: digest, signature: signature as Hex })).toLowerCase() as Address;
    return addr === "0x0000000000000000000000000000000000000000" ? null : addr;
  } catch {
    return null;
  }
}
