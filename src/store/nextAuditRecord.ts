import { auditHash } from "./auditHash";
import type { AuditRecord } from "./Store";

/**
 * The record that extends an audit chain: the next seq after `head`, chained to its hash. Every
 * store builds its records with this, so {@link verifyAuditChain} can check any of them.
 *
 * @param head - The newest record's seq and hash (`{ seq: 0, hash: AUDIT_GENESIS_HASH }` for an empty log).
 * @param entry - What the new record says; `payload_json` exactly as it will be stored.
 * @returns The record, with its `prev_hash` and `hash`.
 * @example
 * nextAuditRecord({ seq: 0, hash: AUDIT_GENESIS_HASH }, { at_ms: 0, kind: "decision", payload_json: "{}" }).seq // 1
 */
export function nextAuditRecord(
  head: { seq: number; hash: string },
  { at_ms, kind, payload_json }: Pick<AuditRecord, "at_ms" | "kind" | "payload_json">,
): AuditRecord {
  const seq = head.seq + 1;
  return { seq, at_ms, kind, payload_json, prev_hash: head.hash, hash: auditHash({ prev_hash: head.hash, seq, at_ms, kind, payload_json }) };
}
