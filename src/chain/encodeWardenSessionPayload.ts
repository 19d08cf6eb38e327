import { type Hex, concatHex, hexToBigInt, size, sliceHex } from "viem";
import { InvalidSessionSignatureError } from "../errors/moduleErrors";

const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Parameters of {@link encodeWardenSessionPayload}. */
export type EncodeWardenSessionPayloadParameters = {
  /** The on-chain session id (32 bytes). */
  sessionId: Hex;
  /** The session key's 65-byte `r ‖ s ‖ v` ECDSA signature over `hashSessionOrder({ module, chainId, sessionId, orderHash })`. */
  signature: Hex;
};

/**
 * The Warden payload: `sessionId (32) ‖ r (32) ‖ s (32) ‖ v (1)`, 97 bytes. The module reads the
 * session from the id and requires the signature, over the session-bound digest of that id and the
 * order hash, to recover to that session's key. Refuses what the module would refuse (high `s`,
 * `v` ∉ {27, 28}), so a bad signature fails here, not on-chain.
 *
 * @param parameters Session id and signature.
 * @returns The 97-byte payload.
 * @example
 * const signature = await key.sign({ hash: hashSessionOrder({ module, chainId, sessionId, orderHash }) });
 * const payload = encodeWardenSessionPayload({ sessionId, signature });
 */
export function encodeWardenSessionPayload({ sessionId, signature }: EncodeWardenSessionPayloadParameters): Hex {
  if (size(sessionId) !== 32) throw new InvalidSessionSignatureError({ reason: "session_id" });
  if (size(signature) !== 65) throw new InvalidSessionSignatureError({ reason: "length" });
  if (hexToBigInt(sliceHex(signature, 32, 64)) > HALF_ORDER) throw new InvalidSessionSignatureError({ reason: "high_s" });
  const v = Number.parseInt(sliceHex(signature, 64, 65).slice(2), 16);
  if (v !== 27 && v !== 28) throw new InvalidSessionSignatureError({ reason: "v" });
  return concatHex([sessionId, signature]);
}
