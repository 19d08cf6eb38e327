import { hash } from "node:crypto";

/**
 * The idempotency key of a decision: the first 64 bits of sha256(session_id, intent_id). Keys
 * may collide; a lookup compares the full ids of the records a key points at.
 *
 * @example
 * decisionKey("0x11…", "int_1") // -1234567890123456789n
 */
export const decisionKey = (sessionId: string, intentId: string): bigint =>
  // From the hex digest (a string) rather than a Buffer: no array buffer per decision for the young collector to sweep.
  BigInt.asIntN(64, BigInt(`0x${hash("sha256", `${sessionId}\u0000${intentId}`, "hex").slice(0, 16)}`));
