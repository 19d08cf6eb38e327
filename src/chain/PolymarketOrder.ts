import type { V2Order } from "../core/polymarket/V2Order";

/**
 * A CLOB V2 order exactly as signed (the 11 fields of the V2 `Order` type): the proxy's
 * {@link V2Order}, named for the module side. `timestamp` is unix
 * milliseconds; `side` 0 = BUY, 1 = SELL; `signatureType` 3 = POLY_1271 for a Safe maker.
 *
 * @example
 * const order: PolymarketOrder = {
 *   salt: 1n, maker: safe, signer: safe, tokenId: 123n, makerAmount: 400_000_000n,
 *   takerAmount: 800_000_000n, side: 0, signatureType: 3, timestamp: BigInt(Date.now()),
 *   metadata: zeroHash, builder: zeroHash,
 * };
 */
export type PolymarketOrder = V2Order;
