import { type Hex, hexToBytes } from "viem";
import type { V2Order } from "../core/polymarket/V2Order";
import { ORDER_TYPE_HASH } from "../core/polymarket/orderTypes";
import { ORDER_WORDS_BYTES, writeOrderWords } from "../signer/writeOrderWords";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { encodeWardenSessionPayload } from "./encodeWardenSessionPayload";

/** Selector-like tag of Safe's `SignatureVerifierMuxer`: `keccak256("safeSignature(bytes32,bytes32,bytes,bytes)")[0:4]`. */
const SAFE_SIGNATURE_MAGIC = Buffer.from("5fd7e97d", "hex");
const TYPE_HASH = hexToBytes(ORDER_TYPE_HASH);
// abi.encode(bytes32, bytes32, bytes encodeData, bytes payload): four head words, then each
// `bytes` as its length word and its data padded to whole words. The payload is 32 + 65 bytes.
const PAYLOAD_BYTES = 97;
const DATA_AT = 4 * 32;
const PAYLOAD_AT = DATA_AT + 32 + ORDER_WORDS_BYTES;
const TOTAL = 4 + PAYLOAD_AT + 32 + Math.ceil(PAYLOAD_BYTES / 32) * 32;

/** Parameters of {@link encodeWardenOrderSignature}. */
export type EncodeWardenOrderSignatureParameters = {
  /** The separator of the exchange domain the order is signed under (`exchangeDomainSeparator(domain)`, or an order hasher's cached one). */
  domainSeparator: Hex | Uint8Array;
  order: V2Order;
  /** The on-chain session id. */
  sessionId: Hex;
  /** The session key's signature over `hashSessionOrder` of this session and order (not over the bare order hash). */
  sessionSignature: Hex;
};

/**
 * The `signature` to post with a POLY_1271 order whose maker is a Safe running the Warden module:
 * `0x5fd7e97d ‖ abi.encode(domainSeparator, ORDER_TYPEHASH, encodeData, payload)`, the format of
 * Safe's ExtensibleFallbackHandler, which routes it to the module registered for the domain.
 *
 * Encoded by hand into one buffer (the same bytes as viem's `encodeAbiParameters`, property-tested):
 * it is on every safe-module signature, and viem's encoder cost twice the ECDSA signature.
 *
 * @param parameters Domain separator, order, session id and the session key's signature.
 * @returns The signature bytes for the order's `signature` field.
 * @example
 * const signature = encodeWardenOrderSignature({ domainSeparator: exchangeDomainSeparator(domain), order, sessionId, sessionSignature });
 */
export function encodeWardenOrderSignature({ domainSeparator, order, sessionId, sessionSignature }: EncodeWardenOrderSignatureParameters): Hex {
  const payload = encodeWardenSessionPayload({ sessionId, signature: sessionSignature });
  const separator = typeof domainSeparator === "string" ? hexToBytes(domainSeparator) : domainSeparator;
  if (separator.length !== 32) throw new InvalidParameterError({ field: "domainSeparator", fix: "Pass the exchange's 32-byte EIP-712 domain separator (exchangeDomainSeparator(domain))." });
  const out = Buffer.alloc(TOTAL);
  SAFE_SIGNATURE_MAGIC.copy(out, 0);
  const head = 4;
  out.set(separator, head);
  out.set(TYPE_HASH, head + 32);
  out.writeUInt32BE(DATA_AT, head + 64 + 28);
  out.writeUInt32BE(PAYLOAD_AT, head + 96 + 28);
  out.writeUInt32BE(ORDER_WORDS_BYTES, head + DATA_AT + 28);
  writeOrderWords(out, head + DATA_AT + 32, order);
  out.writeUInt32BE(PAYLOAD_BYTES, head + PAYLOAD_AT + 28);
  out.write(payload.slice(2), head + PAYLOAD_AT + 32, PAYLOAD_BYTES, "hex");
  return `0x${out.toString("hex")}`;
}
