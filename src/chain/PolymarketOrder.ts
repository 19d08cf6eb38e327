import type { Address, Hex } from "viem";

/**
 * A CLOB V2 order exactly as signed (the 11 fields of the V2 `Order` type). `timestamp` is unix
 * milliseconds; `side` 0 = BUY, 1 = SELL; `signatureType` 3 = POLY_1271 for a Safe maker.
 *
 * @example
 * const order: PolymarketOrder = {
 *   salt: 1n, maker: safe, signer: safe, tokenId: 123n, makerAmount: 400_000_000n,
 *   takerAmount: 800_000_000n, side: 0, signatureType: 3, timestamp: BigInt(Date.now()),
 *   metadata: zeroHash, builder: zeroHash,
 * };
 */
export type PolymarketOrder = {
  salt: bigint;
  maker: Address;
  signer: Address;
  tokenId: bigint;
  makerAmount: bigint;
  takerAmount: bigint;
  side: 0 | 1;
  signatureType: 0 | 1 | 2 | 3;
  timestamp: bigint;
  metadata: Hex;
  builder: Hex;
};
