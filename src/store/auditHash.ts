import { hash } from "node:crypto";

/** The hash that precedes the first audit record. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/**
 * Hash of one audit record, chaining it to the previous one:
 * `sha256(prev_hash | seq | at_ms | kind | payload_json)`, hex.
 *
 * @example
 * auditHash({ prev_hash: AUDIT_GENESIS_HASH, seq: 1, at_ms: 0, kind: "decision", payload_json: "{}" })
 */
export function auditHash(r: { prev_hash: string; seq: number; at_ms: number; kind: string; payload_json: string }): string {
  return hash("sha256", `${r.prev_hash}|${r.seq}|${r.at_ms}|${r.kind}|${r.payload_json}`, "hex");
}
