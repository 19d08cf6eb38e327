import type { ExposureEntry } from "../core/exposure";
import { ExposureLedger } from "./ExposureLedger";
import type { AuditRecord } from "./Store";

/** Clock steps the walk back tolerates: records this much older than the TTL still get read. */
const CLOCK_MARGIN_MS = 3_600_000;

/**
 * Rebuilds the exposure of signed orders still open from the audit log itself: an approval's
 * record carries its claim (`payload.exposure`), an `exposure_released` record ends one. Claims
 * older than the TTL hold nothing and are skipped.
 *
 * @param params.newestFirst - Audit records from the newest back; read only as far as the TTL needs.
 * @param params.ttlMs - How long a signed order counts as exposure when nobody releases it.
 * @param params.nowMs - Now, on the clock the records' `at_ms` use.
 * @returns A ledger holding every claim still open.
 * @example
 * const ledger = deriveExposure({ newestFirst: records.toReversed(), ttlMs: 86_400_000, nowMs: Date.now() })
 */
export function deriveExposure({
  newestFirst,
  ttlMs,
  nowMs,
}: {
  newestFirst: Iterable<Pick<AuditRecord, "kind" | "payload_json" | "at_ms">>;
  ttlMs: number;
  nowMs: number;
}): ExposureLedger {
  const ledger = new ExposureLedger({ ttlMs });
  // Walk back from the newest record (seq order is time order, give or take clock steps: an hour
  // of margin) instead of keeping an index on time that every append would pay for.
  const recent: { kind: string; payload_json: string; at_ms: number }[] = [];
  const cutoff = nowMs - ttlMs;
  for (const row of newestFirst) {
    if (row.at_ms < cutoff - CLOCK_MARGIN_MS) break;
    if (row.at_ms >= cutoff) recent.push(row);
  }
  for (const row of recent.reverse()) {
    const payload = JSON.parse(row.payload_json) as { exposure?: Record<string, unknown>; intent_id?: string; strategy_id?: string };
    if (row.kind === "decision" && payload.exposure) {
      // The claim omits what the record already says (intent, strategy, time); older records repeat them.
      const e = payload.exposure;
      ledger.add({
        intent_id: (e.intent_id ?? payload.intent_id) as string,
        strategy_id: (e.strategy_id ?? payload.strategy_id) as string,
        cluster_id: e.cluster_id as string,
        condition_id: e.condition_id as string,
        side: e.side as ExposureEntry["side"],
        notional_micros: BigInt(e.notional_micros as string),
        at_ms: (e.at_ms as number | undefined) ?? row.at_ms,
      });
    } else if (row.kind === "exposure_released" && payload.intent_id) ledger.release(payload.intent_id);
  }
  return ledger;
}
