import { describe, expect, test } from "vitest";
import { drawdownGuard } from "../../src/guards/drawdownGuard";
import { orderIntent } from "../helpers/guardFixtures";
import { drawdown, riskConfig, riskCtx } from "../helpers/riskFixtures";

const guard = drawdownGuard(riskConfig().drawdown);
const START = 100_000_000_000n; // 100,000 pUSD at the start of the day
const at = (start: bigint, current: bigint) => riskCtx({ drawdown: { status: "ok", value: drawdown(start, current), ageMs: 0 } });

describe("drawdownGuard: RISK_DRAWDOWN_TRIGGERED at or above the limit (seed 003: 4 % intraday)", () => {
  // 4 % of 100,000 pUSD = 4,000 pUSD = 4_000_000_000 micros of loss
  test.each([
    ["a gain", START + 5_000_000_000n, null],
    ["flat", START, null],
    ["one micro below 4 %", START - 3_999_999_999n, null],
    ["exactly 4 %", START - 4_000_000_000n, "RISK_DRAWDOWN_TRIGGERED"],
    ["one micro above 4 %", START - 4_000_000_001n, "RISK_DRAWDOWN_TRIGGERED"],
    ["everything lost", 0n, "RISK_DRAWDOWN_TRIGGERED"],
    ["negative equity", -1n, "RISK_DRAWDOWN_TRIGGERED"],
  ] as const)("%s → %s", (_l, current, code) => {
    expect(guard.evaluate(orderIntent(1n), at(START, current)).deny?.reason_code ?? null).toBe(code);
  });
  test("exact at odd amounts: 4 % of 333.333333 pUSD", () => {
    const start = 333_333_333n; // 4 % = 13.33333332 pUSD → a loss of 13_333_333 micros is just below
    expect(guard.evaluate(orderIntent(1n), at(start, start - 13_333_333n)).deny).toBeUndefined();
    expect(guard.evaluate(orderIntent(1n), at(start, start - 13_333_334n)).deny?.reason_code).toBe("RISK_DRAWDOWN_TRIGGERED");
  });
  test("the evidence gives equity and drawdown in basis points", () => {
    expect(guard.evaluate(orderIntent(1n), at(START, START - 4_500_000_000n)).deny?.evidence).toEqual({
      start_of_day_equity: START,
      current_equity: START - 4_500_000_000n,
      drawdown_bps: 450n,
      limit_bps: 400n,
    });
  });
  test("the limit is configurable to two decimals", () => {
    const g = drawdownGuard(riskConfig({ drawdown: { max_intraday_drawdown_pct: 2.5 } }).drawdown);
    expect(g.evaluate(orderIntent(1n), at(START, START - 2_499_999_999n)).deny).toBeUndefined();
    expect(g.evaluate(orderIntent(1n), at(START, START - 2_500_000_000n)).deny?.reason_code).toBe("RISK_DRAWDOWN_TRIGGERED");
  });
});

describe("drawdownGuard: DRAWDOWN_GUARD_DATA_UNAVAILABLE (fail closed)", () => {
  test("equity unavailable", () => {
    expect(guard.evaluate(orderIntent(1n), riskCtx({ drawdown: { status: "unavailable", reason: "positions stale" } })).deny).toEqual({
      reason_code: "DRAWDOWN_GUARD_DATA_UNAVAILABLE",
      evidence: { source: "drawdown", reason: "positions stale" },
    });
  });
  test.each([0n, -5n])("start-of-day equity %s (no ratio exists)", (start) => {
    expect(guard.evaluate(orderIntent(1n), at(start, 10n)).deny?.reason_code).toBe("DRAWDOWN_GUARD_DATA_UNAVAILABLE");
  });
});
