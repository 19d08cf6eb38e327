import { type Hex, concatHex, decodeAbiParameters, hexToBigInt, numberToHex, sliceHex } from "viem";

export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The parts of a Safe-muxer signature: `0x5fd7e97d ‖ abi.encode(domainSeparator, typeHash, encodeData, payload)`. */
export function splitMuxerSignature(signature: Hex) {
  const [domainSeparator, typeHash, encodeData, payload] = decodeAbiParameters(
    [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }],
    sliceHex(signature, 4),
  );
  return { tag: sliceHex(signature, 0, 4), domainSeparator, typeHash, encodeData, payload };
}

/** A raw 97-byte payload from parts (no validation: for malformed-signature tests). */
export function rawPayload(sessionId: Hex, r: bigint, s: bigint, v: number): Hex {
  return concatHex([sessionId, numberToHex(r, { size: 32 }), numberToHex(s, { size: 32 }), numberToHex(v, { size: 1 })]);
}

/** r, s, v of a payload. */
export function payloadParts(payload: Hex) {
  return {
    sessionId: sliceHex(payload, 0, 32),
    r: hexToBigInt(sliceHex(payload, 32, 64)),
    s: hexToBigInt(sliceHex(payload, 64, 96)),
    v: Number(hexToBigInt(sliceHex(payload, 96, 97))),
  };
}
