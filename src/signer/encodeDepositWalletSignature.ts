import type { Address, Hex } from "viem";
import { SESSION_SIGNER_MAGIC } from "../core/polymarket/depositWallet";
import { ORDER_TYPE_STRING } from "../core/polymarket/orderTypes";

/** Parameters of {@link encodeDepositWalletSignature}. */
export type EncodeDepositWalletSignatureParameters = {
  /** The session signer's 65-byte ECDSA signature of the envelope digest (`r‖s‖v`). */
  signature: Hex;
  /** The exchange's domain separator. */
  domainSeparator: Uint8Array;
  /** `hashStruct(order)`. */
  contentsHash: Uint8Array;
  /** The session signer's address (lower-case). */
  sessionSigner: Address;
};

const TYPE = Buffer.from(ORDER_TYPE_STRING, "utf8");
const MAGIC = Buffer.from(SESSION_SIGNER_MAGIC.slice(2), "hex");

/**
 * The ERC-7739 trailer clob-client-v2 1.1.0 and @polymarket/client append to an order's inner
 * signature: `APP_DOMAIN_SEPARATOR ‖ contents ‖ utf8(Order type string) ‖ uint16BE(its length)`.
 *
 * @param domainSeparator - The exchange's domain separator.
 * @param contentsHash - `hashStruct(order)`.
 * @returns The 252 trailer bytes.
 * @example
 * erc7739OrderTrailer(sep, contents).length // 252
 */
export function erc7739OrderTrailer(domainSeparator: Uint8Array, contentsHash: Uint8Array): Buffer {
  const out = Buffer.alloc(64 + TYPE.length + 2);
  out.set(domainSeparator, 0);
  out.set(contentsHash, 32);
  TYPE.copy(out, 64);
  out.writeUInt16BE(TYPE.length, 64 + TYPE.length);
  return out;
}

/**
 * The order signature a deposit wallet accepts from a session signer: the ERC-7739 signature
 * (`innerSig ‖ trailer`) wrapped as `abi.encode(bytes32(sessionSigner), bytes32(0), bytes
 * erc7739Signature) ‖ 0x6492…6492` — ts-sdk `wrapDepositWalletSessionSignerSignature` around
 * `createExchangeOrderSignature`; the wallet's SessionSignerLib reads the signer from the first
 * word and requires the magic to be the last 32 bytes, so the wrapper encloses the trailer.
 *
 * @param parameters - Inner signature, trailer parts and the session signer.
 * @returns The 480-byte signature.
 * @example
 * encodeDepositWalletSignature({ signature, domainSeparator, contentsHash, sessionSigner })
 */
export function encodeDepositWalletSignature({ signature, domainSeparator, contentsHash, sessionSigner }: EncodeDepositWalletSignatureParameters): Hex {
  const inner = Buffer.concat([Buffer.from(signature.slice(2), "hex"), erc7739OrderTrailer(domainSeparator, contentsHash)]);
  const padded = Math.ceil(inner.length / 32) * 32;
  const out = Buffer.alloc(4 * 32 + padded + 32);
  out.write(sessionSigner.slice(2), 12, 20, "hex");
  out.writeUInt32BE(0x60, 64 + 28);
  out.writeUInt32BE(inner.length, 96 + 28);
  inner.copy(out, 128);
  MAGIC.copy(out, 128 + padded);
  return `0x${out.toString("hex")}`;
}
