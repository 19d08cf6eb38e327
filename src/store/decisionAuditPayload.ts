import type { AuditInput, StoredDecision } from "./Store";

/**
 * The payload of a decision's audit record: the caller's payload with the outcome written over it.
 * A decision's audit record is also its idempotency record, so it always carries the outcome; every
 * store builds it here, so a duplicate's replay reads the same fields whichever store recorded it.
 *
 * @param input - What the caller audits.
 * @param decision - The outcome (decision, reason code, signature).
 * @returns The payload to serialise.
 * @example
 * decisionAuditPayload({ kind: "decision", at_ms: 0, payload: { i: 1 } }, decision) // { i: 1, decision: "APPROVE", reason_code: null, signature: "0x…" }
 */
export function decisionAuditPayload(input: AuditInput, decision: Pick<StoredDecision, "decision" | "reason_code" | "signature">): Record<string, unknown> {
  return { ...input.payload, decision: decision.decision, reason_code: decision.reason_code, signature: decision.signature };
}
