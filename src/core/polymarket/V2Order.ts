import type { Address, Hex } from "viem";

/**
 * A parsed V2 order: the single object the guards judge and the hasher hashes. Addresses are
 * lower-case, integers are bigints, bytes32 fields are lower-case 0x-hex of 64 digits.
 */
export type V2Order = {
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
