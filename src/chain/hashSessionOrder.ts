import { type Address, type Hex, bytesToHex } from "viem";
import { createSessionOrderHasher } from "./createSessionOrderHasher";

/** Parameters of {@link hashSessionOrder}. */
export type HashSessionOrderParameters = {
  /** The Warden module deployment. */
  module: Address;
  chainId: number;
  /** The on-chain session id the order is signed under. */
  sessionId: Hex;
  /** The exchange's EIP-712 digest of the order. */
  orderHash: Hex;
};

/**
 * The digest a session key signs for an order: the EIP-712 hash of `SessionOrder(sessionId,
 * orderHash)` under {@link wardenDomain}. Equal to the module's `sessionOrderDigest(sessionId,
 * orderHash)`; for signers that sign a raw digest instead of typed data. One-shot: the signing path
 * keeps a {@link createSessionOrderHasher} per module.
 *
 * @param parameters Module, chain id, session id and order hash.
 * @returns The 32-byte digest.
 * @example
 * const digest = hashSessionOrder({ module, chainId: 137, sessionId, orderHash });
 * const sessionSignature = await sessionKey.sign({ hash: digest });
 */
export function hashSessionOrder({ module, chainId, sessionId, orderHash }: HashSessionOrderParameters): Hex {
  return bytesToHex(createSessionOrderHasher({ module, chainId })(sessionId, orderHash));
}
