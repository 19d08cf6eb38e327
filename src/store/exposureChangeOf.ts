import type { ExposureEntry } from "../core/exposure";
import type { AuditRecord } from "./Store";

/** What one audit record does to the exposure of open orders. */
export type ExposureChange = { claim: ExposureEntry } | { release: string } | null;

/**
 * Reads an audit record's effect on exposure: an approval's record carries its claim
 * (`payload.exposure`), an `exposure_released` record ends one. Every store derives exposure
 * through this, at open and (the Redis store) from records other instances appended.
 *
 * @param row - The record's kind, stored payload and time.
 * @returns The claim, the released intent, or null for a record that changes nothing.
 * @example
 * exposureChangeOf({ kind: "exposure_released", at_ms: 0, payload_json: '{"intent_id":"i1"}' }) // { release: "i1" }
 */
export function exposureChangeOf(row: Pick<AuditRecord, "kind" | "payload_json" | "at_ms">): ExposureChange {
  if (row.kind !== "decision" && row.kind !== "exposure_released") return null;
  const payload = JSON.parse(row.payload_json) as { exposure?: Record<string, unknown>; intent_id?: string; strategy_id?: string };
  if (row.kind === "exposure_released") return payload.intent_id ? { release: payload.intent_id } : null;
  const e = payload.exposure;
  if (!e) return null;
  // The claim omits what the record already says (intent, strategy, time); older records repeat them.
  return {
    claim: {
      intent_id: (e.intent_id ?? payload.intent_id) as string,
      strategy_id: (e.strategy_id ?? payload.strategy_id) as string,
      cluster_id: e.cluster_id as string,
      condition_id: e.condition_id as string,
      side: e.side as ExposureEntry["side"],
      notional_micros: BigInt(e.notional_micros as string),
      at_ms: (e.at_ms as number | undefined) ?? row.at_ms,
    },
  };
}
