import fc from "fast-check";
import { type Address, type Hex, bytesToHex, hashTypedData } from "viem";
import { describe, expect, test } from "vitest";
import { createSessionOrderHasher } from "../../src/chain/createSessionOrderHasher";
import { addressArbitrary } from "../helpers/orderArbitrary";

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);

describe("createSessionOrderHasher", () => {
  test("equals viem's hashTypedData of SessionOrder under {name: Warden, version: 1, chainId, module}, call after call on one hasher", () => {
    fc.assert(
      fc.property(addressArbitrary, fc.constantFrom(137, 80002, 31337), fc.array(fc.tuple(bytes32, bytes32), { minLength: 1, maxLength: 5 }), (module: Address, chainId, pairs) => {
        const hash = createSessionOrderHasher({ module, chainId });
        for (const [sessionId, orderHash] of pairs) {
          const expected = hashTypedData({
            domain: { name: "Warden", version: "1", chainId, verifyingContract: module },
            types: { SessionOrder: [{ name: "sessionId", type: "bytes32" }, { name: "orderHash", type: "bytes32" }] },
            primaryType: "SessionOrder",
            message: { sessionId, orderHash },
          });
          expect(bytesToHex(hash(sessionId, orderHash))).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("refuses a short session id or a non-hex order hash instead of hashing stale bytes", () => {
    const hash = createSessionOrderHasher({ module: "0x064A99AF9326a0b249C10BcC1E0A69b156A10B30", chainId: 137 });
    expect(() => hash(`0x${"ab".repeat(31)}`, `0x${"cd".repeat(32)}`)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidParameterError: Invalid sessionId.
      Pass the on-chain session id as 0x-prefixed 32-byte hex.]
    `);
    expect(() => hash(`0x${"ab".repeat(32)}`, `0x${"zz".repeat(32)}`)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidParameterError: Invalid orderHash.
      Pass the exchange's EIP-712 order digest as 0x-prefixed 32-byte hex.]
    `);
  });
});
