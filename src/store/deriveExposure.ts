import { ExposureLedger } from "./ExposureLedger";
import { exposureChangeOf } from "./exposureChangeOf";
import type { AuditRecord } from "./Store";

/** Clock steps the walk back tolerates: records this much older than the TTL still get read. */
const CLOCK_MARGIN_MS = 3_600_000;

/** A record as deriveExposure reads it; `clock_ms`, when present, is its time on the ledger's clock. */
export type ExposureRow = Pick<AuditRecord, "kind" | "payload_json" | "at_ms"> & { clock_ms?: number };

/**
 * Rebuilds the exposure of signed orders still open from the audit log itself: an approval's
 * record carries its claim (`payload.exposure`), an `exposure_released` record ends one. Claims
 * older than the TTL hold nothing and are skipped.
 *
 * @param params.newestFirst - Audit records from the newest back; read only as far as the TTL needs.
 * @param params.ttlMs - How long a signed order counts as exposure when nobody releases it.
 * @param params.nowMs - Now, on the ledger's clock: the records' `clock_ms` where they carry one, else their `at_ms`.
 * @returns A ledger holding every claim still open.
 * @example
 * const ledger = deriveExposure({ newestFirst: records.toReversed(), ttlMs: 86_400_000, nowMs: Date.now() })
 */
export function deriveExposure({ newestFirst, ttlMs, nowMs }: { newestFirst: Iterable<ExposureRow>; ttlMs: number; nowMs: number }): ExposureLedger {
  const ledger = new ExposureLedger({ ttlMs });
  // Walk back from the newest record (seq order is time order, give or take clock steps: an hour
  // of margin) instead of keeping an index on time that every append would pay for.
  const recent: ExposureRow[] = [];
  const cutoff = nowMs - ttlMs;
  for (const row of newestFirst) {
    const at = row.clock_ms ?? row.at_ms;
    if (at < cutoff - CLOCK_MARGIN_MS) break;
    if (at >= cutoff) recent.push(row);
  }
  for (const row of recent.reverse()) {
    const change = exposureChangeOf(row);
    if (change && "claim" in change) ledger.add(change.claim, row.clock_ms ?? change.claim.at_ms);
    else if (change) ledger.release(change.release);
  }
  return ledger;
}
