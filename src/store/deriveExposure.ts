import { ExposureLedger } from "./ExposureLedger";
import { exposureChangeOf } from "./exposureChangeOf";
import type { AuditRecord } from "./Store";

/** A record as deriveExposure reads it; `clock_ms`, when present, is its time on the ledger's clock. */
export type ExposureRow = Pick<AuditRecord, "kind" | "payload_json" | "at_ms"> & { clock_ms?: number };

/**
 * Rebuilds the exposure of signed orders still open from the audit log itself: an approval's
 * record carries its claim (`payload.exposure`), an `exposure_released` record ends one. The whole
 * log is read: a claim ends only on evidence (a release), never by its age, because a signed V2
 * order can be posted and matched for as long as nobody cancels it.
 *
 * @param params.oldestFirst - Audit records in log order (at least every decision and release).
 * @returns A ledger holding every claim still open.
 * @example
 * const ledger = deriveExposure({ oldestFirst: records })
 */
export function deriveExposure({ oldestFirst }: { oldestFirst: Iterable<ExposureRow> }): ExposureLedger {
  const ledger = new ExposureLedger();
  for (const row of oldestFirst) {
    const change = exposureChangeOf(row);
    if (change && "claim" in change) ledger.add(change.claim, row.clock_ms ?? change.claim.at_ms);
    else if (change) ledger.release(change.release);
  }
  return ledger;
}
