import { WardenError } from "../errors/WardenError";

/** What was wrong with a session signature handed to the payload builder. */
export type InvalidSessionSignatureReason = "length" | "high_s" | "v" | "session_id";

/**
 * A session signature or session id cannot go into a Warden payload: the module would refuse it
 * (wrong length, high `s`, `v` not 27/28, session id not 32 bytes).
 *
 * @example
 * try { encodeWardenSessionPayload({ sessionId, signature }) } catch (e) {
 *   if (e instanceof InvalidSessionSignatureError) console.log(e.reason);
 * }
 */
export class InvalidSessionSignatureError extends WardenError {
  override name = "InvalidSessionSignatureError";
  readonly reason: InvalidSessionSignatureReason;
  constructor({ reason }: { reason: InvalidSessionSignatureReason }) {
    super({ code: "WARDEN_ERR_SESSION_SIGNATURE", shortMessage: `Session signature cannot be encoded for the Warden module (${reason}).` });
    this.reason = reason;
  }
}
