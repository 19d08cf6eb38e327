import { bookOfOrder } from "./bookOfOrder";
import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard } from "./Guard";
import type { StaleBookGuardConfig } from "./riskGuardsConfigSchema";

/**
 * StaleBookGuard (seed 003, `risk.stalebookguard`). Denies `RISK_BOOK_STALE_15S` when the order's
 * book is older than `max_book_age_ms` (default 15 s; exactly at the window passes, as in the
 * market layer's `assertBookFresh`), when its CLOB timestamp lies more than `max_clock_skew_ms` in
 * the future, or when the snapshot store already discarded it as stale (evidence carries the age).
 * Age is the older of the CLOB timestamp and the snapshot's `asOfMs`, against the pipeline clock.
 * A book never fetched, failed, or of another token → `STALE_BOOK_GUARD_DATA_UNAVAILABLE`.
 *
 * @param config - `risk.stale_book` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * staleBookGuard({ mode: "hard_guard", max_book_age_ms: 15_000, max_clock_skew_ms: 5_000 })
 */
export function staleBookGuard(config: StaleBookGuardConfig): Guard {
  return defineRiskGuard({
    bot_id: "risk.stalebookguard",
    mode: config.mode,
    dataUnavailableCode: "STALE_BOOK_GUARD_DATA_UNAVAILABLE",
    evaluateOrder(intent, risk, ctx) {
      const inputs_used = ["clob.book.timestamp"];
      const read = bookOfOrder(intent, risk, ctx.now_ms);
      const max_age_ms = config.max_book_age_ms;
      if (read.status === "unavailable") {
        if (read.reason === "stale") return { deny: { reason_code: "RISK_BOOK_STALE_15S", evidence: { age_ms: read.ageMs, max_age_ms, discarded_by: "store" } }, inputs_used };
        return { deny: { reason_code: "STALE_BOOK_GUARD_DATA_UNAVAILABLE", evidence: { source: "clob.book", reason: read.reason } }, inputs_used };
      }
      const book = read.snapshot;
      const age_ms = Math.max(read.ageMs, ctx.now_ms - book.bookTimestampMs);
      if (age_ms > max_age_ms) return { deny: { reason_code: "RISK_BOOK_STALE_15S", evidence: { age_ms, max_age_ms } }, inputs_used };
      const aheadMs = book.bookTimestampMs - ctx.now_ms;
      if (aheadMs > config.max_clock_skew_ms) {
        return { deny: { reason_code: "RISK_BOOK_STALE_15S", evidence: { future_ms: aheadMs, max_clock_skew_ms: config.max_clock_skew_ms } }, inputs_used };
      }
      return { inputs_used };
    },
  });
}
