import fc from "fast-check";
import { type Hex, concatHex, encodeAbiParameters } from "viem";
import { describe, expect, test } from "vitest";
import { encodeWardenOrderSignature } from "../../src/chain/encodeWardenOrderSignature";
import type { V2Order } from "../../src/core/polymarket/V2Order";
import { orderArbitrary } from "../helpers/orderArbitrary";

// The spec's own literals (independent of src/): the muxer tag and the Order type hash.
const MUXER_TAG = "0x5fd7e97d";
const ORDER_TYPEHASH = "0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589";
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
// A signature the payload encoder accepts: low s, v 27 or 28 (the module's own rules).
const signature = fc
  .record({ r: bytes(32), s: fc.bigInt({ min: 0n, max: HALF_N }), v: fc.constantFrom("1b", "1c") })
  .map(({ r, s, v }) => `${r}${s.toString(16).padStart(64, "0")}${v}` as Hex);

/** What viem's ABI encoder makes of the same four values: the reference the hand encoding must equal. */
function viemEncoding(separator: Hex, order: V2Order, sessionId: Hex, sig: Hex): Hex {
  const encodeData = encodeAbiParameters(
    ["uint256", "address", "address", "uint256", "uint256", "uint256", "uint8", "uint8", "uint256", "bytes32", "bytes32"].map((type) => ({ type })),
    [order.salt, order.maker, order.signer, order.tokenId, order.makerAmount, order.takerAmount, order.side, order.signatureType, order.timestamp, order.metadata, order.builder],
  );
  return concatHex([MUXER_TAG, encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }], [separator, ORDER_TYPEHASH, encodeData, concatHex([sessionId, sig])])]);
}

describe("encodeWardenOrderSignature", () => {
  test("is byte for byte viem's abi.encode(domainSeparator, ORDER_TYPEHASH, encodeData, sessionId ‖ signature) behind the muxer tag, for any order", () => {
    fc.assert(
      fc.property(bytes(32), orderArbitrary(), bytes(32), signature, fc.boolean(), (separator, order, sessionId, sig, asBytes) => {
        const domainSeparator = asBytes ? Buffer.from(separator.slice(2), "hex") : separator;
        expect(encodeWardenOrderSignature({ domainSeparator, order, sessionId, sessionSignature: sig })).toBe(viemEncoding(separator, order, sessionId, sig));
      }),
      { numRuns: 300 },
    );
  });

  test("refuses a domain separator that is not 32 bytes", () => {
    const order = fc.sample(orderArbitrary(), { numRuns: 1, seed: 1 })[0]!;
    const sig = fc.sample(signature, { numRuns: 1, seed: 1 })[0]!;
    expect(() => encodeWardenOrderSignature({ domainSeparator: `0x${"11".repeat(31)}`, order, sessionId: `0x${"ab".repeat(32)}`, sessionSignature: sig })).toThrowErrorMatchingInlineSnapshot(`
      [InvalidParameterError: Invalid domainSeparator.
      Pass the exchange's 32-byte EIP-712 domain separator (exchangeDomainSeparator(domain)).]
    `);
  });
});
