/**
 * Writers of one 32-byte ABI word into a buffer, for the hand-rolled encodings on the signing path
 * (viem's encoders validate and allocate per call, and cost more than the signature itself).
 * Values must be in range: the decoder range-checked them.
 *
 * @example
 * abiWord.uint(buf, 0, 137n); // big-endian uint256
 * abiWord.hex(buf, 32, "0x…"); // an address or bytes32, right-aligned
 */
export const abiWord = {
  /** A uint256, big-endian, at `offset`. */
  uint(buf: Buffer, offset: number, value: bigint): void {
    buf.write(value.toString(16).padStart(64, "0"), offset, 32, "hex");
  },
  /** 0x-prefixed bytes (an address, a bytes32), right-aligned in the word at `offset`. */
  hex(buf: Buffer, offset: number, hex: string): void {
    const bytes = (hex.length - 2) / 2;
    buf.write(hex.slice(2), offset + 32 - bytes, bytes, "hex");
  },
};
