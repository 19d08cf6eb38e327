import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard } from "./Guard";
import { marketOfOrder } from "./marketOfOrder";
import type { MarketHaltGuardConfig } from "./riskGuardsConfigSchema";

/**
 * MarketHaltGuard (seed 003, `risk.markethaltguard`). Denies `RISK_MARKET_HALTED` when the order's
 * market is closed, resolved, archived, halted, not active, not accepting orders, has its book
 * disabled, or is otherwise not tradable; evidence names every flag that tripped (`flag` is the
 * first). Metadata missing, stale or of another token → `MARKET_HALT_GUARD_DATA_UNAVAILABLE` (no
 * market is never assumed open).
 *
 * @param config - `risk.market_halt` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * marketHaltGuard({ mode: "hard_guard" })
 */
export function marketHaltGuard(config: MarketHaltGuardConfig): Guard {
  return defineRiskGuard({
    bot_id: "risk.markethaltguard",
    mode: config.mode,
    dataUnavailableCode: "MARKET_HALT_GUARD_DATA_UNAVAILABLE",
    evaluateOrder(intent, risk, ctx) {
      const inputs_used = ["gamma.market.state"];
      const read = marketOfOrder(intent, risk, ctx.now_ms);
      if (read.status === "unavailable") {
        return { deny: { reason_code: "MARKET_HALT_GUARD_DATA_UNAVAILABLE", evidence: { source: "gamma.market", reason: read.reason, age_ms: read.ageMs } }, inputs_used };
      }
      const s = read.snapshot.state;
      const flags = [
        s.closed && "closed",
        s.resolved && "resolved",
        s.archived && "archived",
        s.halted && "halted",
        !s.active && "not_active",
        !s.acceptingOrders && "not_accepting_orders",
        !s.enableOrderBook && "order_book_disabled",
        !s.tradable && "not_tradable",
      ].filter((f): f is string => f !== false);
      const [flag] = flags;
      if (flag !== undefined) {
        return { deny: { reason_code: "RISK_MARKET_HALTED", evidence: { flag, flags, condition_id: read.snapshot.conditionId } }, inputs_used };
      }
      return { inputs_used };
    },
  });
}
