import { bookOfOrder } from "./bookOfOrder";
import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard, GuardVerdict } from "./Guard";
import type { MarketQualityGuardConfig } from "./riskGuardsConfigSchema";

const ONE = 1_000_000n;
const ZERO_BUILDER = `0x${"0".repeat(64)}`;

/** A price in [0, 1] (pUSD per share) as micro-pUSD per share: comparisons happen in integers. */
const priceMicros = (price: number): bigint => BigInt(Math.round(price * 1e6));

/**
 * MarketQualityGuard (seed 003, `risk.marketqualityguard`), in this order:
 * - `EXEC_BUILDERCODE_MISSING` when `require_builder_code` is on and `order.builder` is all zero,
 *   or not in a non-empty `builder_code_allowlist`;
 * - `RISK_SPREAD_WIDE` when `bestAsk - bestBid > max_spread` (exactly at the limit passes) or the
 *   book is crossed or locked (spread ≤ 0);
 * - `EXEC_SLIPPAGE_EXCEEDED` when the order's limit price (BUY makerAmount/takerAmount, SELL
 *   takerAmount/makerAmount, pUSD per share) lies more than `max_slippage_fraction` of the
 *   reference past it in the adverse direction: BUY above `ref × (1 + f)`, SELL below
 *   `ref × (1 − f)` (a passive quote is not slippage). Relative to the book, so a market quoted at
 *   0.03 bounds a SELL at 0.0255 (default 15 %), where an absolute distance would pass any price. The reference is
 *   the best opposite price (ask for BUY, bid for SELL) or the mid.
 * A missing book, a book of another token or an empty side → `MARKET_QUALITY_GUARD_DATA_UNAVAILABLE`
 * (staleness is StaleBookGuard's). All comparisons are exact, in micro-pUSD, cross-multiplied.
 *
 * @param config - `risk.market_quality` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * marketQualityGuard(riskGuardsConfigSchema.parse({}).market_quality)
 */
export function marketQualityGuard(config: MarketQualityGuardConfig): Guard {
  const maxSpread = priceMicros(config.max_spread);
  const slippageMicros = priceMicros(config.max_slippage_fraction);
  const allowlist = new Set(config.builder_code_allowlist);
  return defineRiskGuard({
    bot_id: "risk.marketqualityguard",
    mode: config.mode,
    dataUnavailableCode: "MARKET_QUALITY_GUARD_DATA_UNAVAILABLE",
    evaluateOrder(intent, risk, ctx): GuardVerdict {
      const inputs_used = ["order.builder", "clob.book.best_bid", "clob.book.best_ask", "order.limit_price"];
      if (config.require_builder_code) {
        const builder = intent.order.builder.toLowerCase();
        if (builder === ZERO_BUILDER) return { deny: { reason_code: "EXEC_BUILDERCODE_MISSING", evidence: { builder_missing: true } }, inputs_used };
        if (allowlist.size > 0 && !allowlist.has(builder)) {
          return { deny: { reason_code: "EXEC_BUILDERCODE_MISSING", evidence: { builder, in_allowlist: false } }, inputs_used };
        }
      }
      const read = bookOfOrder(intent, risk, ctx.now_ms);
      if (read.status === "unavailable") {
        return { deny: { reason_code: "MARKET_QUALITY_GUARD_DATA_UNAVAILABLE", evidence: { source: "clob.book", reason: read.reason } }, inputs_used };
      }
      const { bestBid, bestAsk } = read.snapshot;
      if (bestBid === null || bestAsk === null) {
        return {
          deny: { reason_code: "MARKET_QUALITY_GUARD_DATA_UNAVAILABLE", evidence: { source: "clob.book", reason: "empty_side", bid_empty: bestBid === null, ask_empty: bestAsk === null } },
          inputs_used,
        };
      }
      const bid = priceMicros(bestBid);
      const ask = priceMicros(bestAsk);
      const spread = ask - bid;
      if (spread <= 0n || spread > maxSpread) {
        return {
          deny: { reason_code: "RISK_SPREAD_WIDE", evidence: { best_bid: bestBid, best_ask: bestAsk, spread_micros: spread, max_spread_micros: maxSpread, crossed: spread <= 0n } },
          inputs_used,
        };
      }
      const { makerAmount, takerAmount } = intent.order;
      // Mid of two micro prices may end in .5: compare doubled values so nothing is rounded.
      const ref2 = config.slippage_reference === "mid" ? bid + ask : 2n * (intent.side === "BUY" ? ask : bid);
      // The worst price allowed, doubled and scaled by 1e6: 2·ref·(1 ± f) in micro-micro-pUSD.
      const worst2 = ref2 * (intent.side === "BUY" ? ONE + slippageMicros : ONE - slippageMicros);
      // BUY: maker/taker ≤ ref·(1 + f)  ⇔  2·maker·1e12 ≤ 2·ref·(1e6 + f·1e6)·taker
      // SELL: taker/maker ≥ ref·(1 − f) ⇔  2·taker·1e12 ≥ 2·ref·(1e6 − f·1e6)·maker
      const within =
        intent.side === "BUY" ? 2n * makerAmount * ONE * ONE <= worst2 * takerAmount : 2n * takerAmount * ONE * ONE >= worst2 * makerAmount;
      if (!within) {
        const [pusd, shares] = intent.side === "BUY" ? [makerAmount, takerAmount] : [takerAmount, makerAmount];
        return {
          deny: {
            reason_code: "EXEC_SLIPPAGE_EXCEEDED",
            evidence: {
              side: intent.side,
              limit_price_micros: shares === 0n ? null : (pusd * ONE) / shares,
              reference: config.slippage_reference,
              reference_price_micros: ref2 / 2n,
              max_slippage_fraction: config.max_slippage_fraction,
              worst_price_micros: worst2 / (2n * ONE),
            },
          },
          inputs_used,
        };
      }
      return { inputs_used };
    },
  });
}
