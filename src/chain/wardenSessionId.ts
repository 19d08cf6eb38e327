import { type Address, type Hex, encodeAbiParameters, keccak256 } from "viem";

/** Parameters of {@link wardenSessionId}. */
export type WardenSessionIdParameters = { chainId: number; module: Address; safe: Address; grantNonce: bigint };

/**
 * The id the module gives a Safe's grant number `grantNonce` (0 for the first):
 * `keccak256(abi.encode(chainId, module, safe, grantNonce))`. Lets the proxy know a session's id
 * before the grant is mined (read the nonce with `grantNonce(safe)`).
 *
 * @param parameters Chain id, module, Safe and grant nonce.
 * @returns The 32-byte session id.
 * @example
 * const sessionId = wardenSessionId({ chainId: 137, module, safe, grantNonce: 0n });
 */
export function wardenSessionId({ chainId, module, safe, grantNonce }: WardenSessionIdParameters): Hex {
  return keccak256(
    encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "uint256" }], [BigInt(chainId), module, safe, grantNonce]),
  );
}
