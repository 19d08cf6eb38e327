import { type Hex, concatHex, encodeAbiParameters } from "viem";
import type { V2Order } from "../core/polymarket/V2Order";
import type { ExchangeDomainReturnType } from "../core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../core/polymarket/exchangeDomainSeparator";
import { encodeOrderData } from "./encodeOrderData";
import { encodeWardenSessionPayload } from "./encodeWardenSessionPayload";
import { ORDER_TYPE_HASH } from "../core/polymarket/orderTypes";

/** Selector-like tag of Safe's `SignatureVerifierMuxer`: `keccak256("safeSignature(bytes32,bytes32,bytes,bytes)")[0:4]`. */
const SAFE_SIGNATURE_MAGIC = "0x5fd7e97d";

/** Parameters of {@link encodeWardenOrderSignature}. */
export type EncodeWardenOrderSignatureParameters = {
  /** The exchange domain the order is signed under. */
  domain: ExchangeDomainReturnType;
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
 * @param parameters Domain, order, session id and the session key's signature.
 * @returns The signature bytes for the order's `signature` field.
 * @example
 * const signature = encodeWardenOrderSignature({ domain, order, sessionId, sessionSignature });
 */
export function encodeWardenOrderSignature({
  domain,
  order,
  sessionId,
  sessionSignature,
}: EncodeWardenOrderSignatureParameters): Hex {
  const domainSeparator = exchangeDomainSeparator(domain);
  const payload = encodeWardenSessionPayload({ sessionId, signature: sessionSignature });
  return concatHex([
    SAFE_SIGNATURE_MAGIC,
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }],
      [domainSeparator, ORDER_TYPE_HASH, encodeOrderData(order), payload],
    ),
  ]);
}
