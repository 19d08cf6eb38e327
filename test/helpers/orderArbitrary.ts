import fc from "fast-check";
import type { Address, Hex } from "viem";
import type { V2Order } from "../../src/core/polymarket/V2Order";

const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Address);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);

/** Random V2 orders over the whole field ranges (timestamps capped where a consumer needs it). */
export function orderArbitrary({ maxTimestamp = 2n ** 256n - 1n }: { maxTimestamp?: bigint } = {}): fc.Arbitrary<V2Order> {
  return fc.record({
    salt: uint256,
    maker: address,
    signer: address,
    tokenId: uint256,
    makerAmount: uint256,
    takerAmount: uint256,
    side: fc.constantFrom(0 as const, 1 as const),
    signatureType: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
    timestamp: fc.bigInt({ min: 0n, max: maxTimestamp }),
    metadata: bytes32,
    builder: bytes32,
  });
}

/** Random lower-case addresses. */
export const addressArbitrary = address;
