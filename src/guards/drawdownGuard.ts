import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard } from "./Guard";
import type { DrawdownGuardConfig } from "./riskGuardsConfigSchema";

/**
 * DrawdownGuard (seed 003, `risk.drawdownguard`). Intraday drawdown = (startOfDay − current) /
 * startOfDay; at or above `max_intraday_drawdown_pct` (default 4 %) it denies
 * `RISK_DRAWDOWN_TRIGGERED` — "reached the limit", so exactly 4 % denies. Compared exactly in
 * pUSD base units and basis points: `(start − current) · 10000 ≥ start · limitBps`. A gain is a
 * negative drawdown and passes. Equity unavailable, or a start-of-day equity ≤ 0 (no ratio
 * exists) → `DRAWDOWN_GUARD_DATA_UNAVAILABLE`.
 *
 * @param config - `risk.drawdown` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * drawdownGuard({ mode: "hard_guard", max_intraday_drawdown_pct: 4 })
 */
export function drawdownGuard(config: DrawdownGuardConfig): Guard {
  const limitBps = BigInt(Math.round(config.max_intraday_drawdown_pct * 100));
  return defineRiskGuard({
    bot_id: "risk.drawdownguard",
    mode: config.mode,
    dataUnavailableCode: "DRAWDOWN_GUARD_DATA_UNAVAILABLE",
    evaluateOrder(_intent, risk) {
      const inputs_used = ["internal.equity.start_of_day", "internal.equity.current"];
      if (risk.drawdown.status === "unavailable") {
        return { deny: { reason_code: "DRAWDOWN_GUARD_DATA_UNAVAILABLE", evidence: { source: "drawdown", reason: risk.drawdown.reason } }, inputs_used };
      }
      const { startOfDayEquityMicros: start, currentEquityMicros: current } = risk.drawdown.value;
      if (start <= 0n) {
        return { deny: { reason_code: "DRAWDOWN_GUARD_DATA_UNAVAILABLE", evidence: { source: "drawdown", reason: "start_of_day_equity_not_positive" } }, inputs_used };
      }
      const lossMicros = start - current;
      if (lossMicros * 10_000n >= start * limitBps) {
        return {
          deny: {
            reason_code: "RISK_DRAWDOWN_TRIGGERED",
            evidence: {
              start_of_day_equity: start,
              current_equity: current,
              drawdown_bps: (lossMicros * 10_000n) / start,
              limit_bps: limitBps,
            },
          },
          inputs_used,
        };
      }
      return { inputs_used };
    },
  });
}
