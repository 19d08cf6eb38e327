import fc from "fast-check";
import { keccak256, toBytes } from "viem";
import { describe, expect, it } from "vitest";
import { keccak } from "../../src/signer/keccak";

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

describe("keccak (hash-wasm)", () => {
  it("matches the Keccak-256 vectors Ethereum uses (not NIST SHA3-256)", () => {
    expect(hex(keccak(new Uint8Array()))).toBe("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(hex(keccak(toBytes("abc")))).toBe("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  });

  it("agrees with viem's keccak256 on random input, across the 136-byte block boundary", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (data) => {
        expect(hex(keccak(data))).toBe(keccak256(data));
      }),
      { numRuns: 2000 },
    );
  });

  it("returns a fresh buffer each call: an earlier digest is not overwritten by a later one", () => {
    const a = keccak(toBytes("a"));
    const copy = hex(a);
    keccak(toBytes("b"));
    expect(hex(a)).toBe(copy);
  });
});
