import type { V2Order } from "../core/polymarket/V2Order";
import { abiWord } from "./abiWord";

/** The size of an order's ABI encoding (`encodeData` of `Order`): eleven 32-byte words. */
export const ORDER_WORDS_BYTES = 11 * 32;

/**
 * Writes an order's eleven fields as ABI words (what `abi.encode` of the `Order` fields and its
 * EIP-712 `encodeData` both are) into `buf` at `offset`, zeroing the words first. Values must be
 * in range (the decoder checks them: uint256, uint8, 20-byte addresses, bytes32).
 *
 * @param buf - The buffer written into; it must have 352 bytes from `offset`.
 * @param offset - Where the first word starts.
 * @param order - The order.
 * @returns `buf`.
 * @example
 * const words = writeOrderWords(Buffer.alloc(ORDER_WORDS_BYTES), 0, order);
 */
export function writeOrderWords(buf: Buffer, offset: number, order: V2Order): Buffer {
  buf.fill(0, offset, offset + ORDER_WORDS_BYTES);
  const { uint, hex } = abiWord;
  uint(buf, offset, order.salt);
  hex(buf, offset + 32, order.maker);
  hex(buf, offset + 64, order.signer);
  uint(buf, offset + 96, order.tokenId);
  uint(buf, offset + 128, order.makerAmount);
  uint(buf, offset + 160, order.takerAmount);
  buf[offset + 223] = order.side;
  buf[offset + 255] = order.signatureType;
  uint(buf, offset + 256, order.timestamp);
  hex(buf, offset + 288, order.metadata);
  hex(buf, offset + 320, order.builder);
  return buf;
}
