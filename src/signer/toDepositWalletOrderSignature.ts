import type { Hex } from "viem";
import { SESSION_SIGNER_MAGIC } from "../core/polymarket/depositWallet";
import { ORDER_TYPE_STRING } from "../core/polymarket/orderTypes";
import { InvalidParameterError } from "../errors/InvalidParameterError";

const TYPE = Buffer.from(ORDER_TYPE_STRING, "utf8");
const TRAILER_BYTES = 64 + TYPE.length + 2;
const MAGIC = Buffer.from(SESSION_SIGNER_MAGIC.slice(2), "hex");

/** Whether `b` is a well-formed session-signer envelope (SessionSignerLib.decodeSessionSigner's checks); returns its inner bytes. */
function envelopeInner(b: Buffer): Buffer | null {
  if (b.length < 0xa0 || !b.subarray(b.length - 32).equals(MAGIC)) return null;
  const word = (i: number) => b.subarray(i * 32, i * 32 + 32);
  const zero = (w: Buffer) => w.every((x) => x === 0);
  // Word 0: a non-zero address (secp256k1 signer), word 1: kind 0, word 2: offset 0x60, word 3: length.
  if (!zero(word(0).subarray(0, 12)) || zero(word(0)) || !zero(word(1))) return null;
  if (!zero(word(2).subarray(0, 28)) || word(2).readUInt32BE(28) !== 0x60 || !zero(word(3).subarray(0, 28))) return null;
  const innerLength = word(3).readUInt32BE(28);
  if (b.length !== 0xa0 + Math.ceil(innerLength / 32) * 32) return null;
  return b.subarray(128, 128 + innerLength);
}

/**
 * Turns the signature `@polymarket/clob-client-v2` 1.1.0 puts on a `POLY_1271` order into the one a
 * deposit wallet accepts from Warden's session signer. The client appends its ERC-7739 trailer to
 * whatever the account returns, but a session-signer signature must end with the session-signer
 * magic (the wrapper encloses the trailer, see ts-sdk `wrapDepositWalletSessionSignerSignature`),
 * so Warden returns the finished signature and this drops the copy of the trailer the client
 * appended after it — after checking it is that same trailer. Pure, holds no secret: call it on
 * `order.signature` between `createOrder` and `postOrder`.
 *
 * @param signature - `order.signature` as clob-client-v2 built it (or an already finished one).
 * @returns The session-signer signature to post.
 * @throws {InvalidParameterError} when the bytes are not a Warden deposit-wallet signature plus that trailer.
 * @example
 * const order = await clob.createOrder({ tokenID, price: 0.4, size: 100, side: Side.BUY }, { tickSize: "0.01", negRisk: false });
 * order.signature = toDepositWalletOrderSignature(order.signature);
 * await clob.postOrder(order);
 */
export function toDepositWalletOrderSignature(signature: Hex): Hex {
  const invalid = () =>
    new InvalidParameterError({
      field: "signature",
      fix: "Pass order.signature exactly as clob-client-v2 built it with a Warden deposit-wallet session account (SignatureTypeV2.POLY_1271).",
    });
  if (typeof signature !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(signature)) throw invalid();
  const bytes = Buffer.from(signature.slice(2), "hex");
  if (envelopeInner(bytes)) return `0x${bytes.toString("hex")}`;
  if (bytes.length <= TRAILER_BYTES) throw invalid();
  const trailer = bytes.subarray(bytes.length - TRAILER_BYTES);
  if (trailer.readUInt16BE(TRAILER_BYTES - 2) !== TYPE.length || !trailer.subarray(64, 64 + TYPE.length).equals(TYPE)) throw invalid();
  const finished = bytes.subarray(0, bytes.length - TRAILER_BYTES);
  const inner = envelopeInner(finished);
  // The client's trailer must be the one inside Warden's signature: the same exchange and order.
  if (!inner || inner.length <= TRAILER_BYTES || !inner.subarray(inner.length - TRAILER_BYTES).equals(trailer)) throw invalid();
  return `0x${finished.toString("hex")}`;
}
