import { type Hex, encodeAbiParameters } from "viem";
import type { V2Order } from "../core/polymarket/V2Order";
import { orderTypes } from "../core/polymarket/orderTypes";

/**
 * EIP-712 `encodeData` of a V2 order: its 11 fields as 32-byte words (352 bytes), without the
 * type hash. This is what the module decodes.
 *
 * @param order The order.
 * @returns The 352-byte encoding.
 * @example
 * const encodeData = encodeOrderData(order); // 0x + 704 hex digits
 */
export function encodeOrderData(order: V2Order): Hex {
  return encodeAbiParameters(
    orderTypes.Order.map(({ type }) => ({ type })),
    [
      order.salt,
      order.maker,
      order.signer,
      order.tokenId,
      order.makerAmount,
      order.takerAmount,
      order.side,
      order.signatureType,
      order.timestamp,
      order.metadata,
      order.builder,
    ],
  );
}
