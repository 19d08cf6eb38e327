import type { Hex } from "viem";
import { describe, expect, test } from "vitest";
import { marketQualityGuard } from "../../src/guards/marketQualityGuard";
import type { RiskGuardsConfigInput } from "../../src/guards/riskGuardsConfigSchema";
import type { OrderIntent } from "../../src/core/SigningIntent";
import { orderIntent } from "../helpers/guardFixtures";
import { book, riskConfig, riskCtx, unavailableRead } from "../helpers/riskFixtures";

const guard = (over: RiskGuardsConfigInput["market_quality"] = {}) => marketQualityGuard(riskConfig({ market_quality: over }).market_quality);
const withBook = (bid: number | null, ask: number | null) => riskCtx({ book: { status: "ok", snapshot: book({ bid, ask }), ageMs: 0 } });

/** An order for `shares` micro-shares at `priceMicros` micro-pUSD per share. */
function priced(side: "BUY" | "SELL", priceMicros: bigint, shares = 1_000_000n, builder?: Hex): OrderIntent {
  const pusd = (priceMicros * shares) / 1_000_000n;
  const base = orderIntent(pusd);
  const [makerAmount, takerAmount] = side === "BUY" ? [pusd, shares] : [shares, pusd];
  return { ...base, side, order: { ...base.order, side: side === "BUY" ? 0 : 1, makerAmount, takerAmount, builder: builder ?? base.order.builder } };
}

describe("marketQualityGuard: RISK_SPREAD_WIDE (default 0.10; exactly at the limit passes)", () => {
  test.each([
    [0.4, 0.499999, null],
    [0.4, 0.5, null],
    [0.4, 0.500001, "RISK_SPREAD_WIDE"],
    [0.3, 0.7, "RISK_SPREAD_WIDE"],
    [0.52, 0.5, "RISK_SPREAD_WIDE"],
    [0.5, 0.5, "RISK_SPREAD_WIDE"],
  ] as const)("bid %d, ask %d → %s", (bid, ask, code) => {
    expect(guard().evaluate(priced("BUY", 450_000n), withBook(bid, ask)).deny?.reason_code ?? null).toBe(code);
  });
  test("a crossed book is flagged as such", () => {
    expect(guard().evaluate(priced("BUY", 450_000n), withBook(0.52, 0.5)).deny?.evidence).toMatchObject({ crossed: true, spread_micros: -20_000n });
  });
  test("the limit is configurable", () => {
    expect(guard({ max_spread: 0.02 }).evaluate(priced("BUY", 450_000n), withBook(0.48, 0.52)).deny?.reason_code).toBe("RISK_SPREAD_WIDE");
  });
});

describe("marketQualityGuard: EXEC_SLIPPAGE_EXCEEDED (default 15 % past the best opposite price)", () => {
  // book: bid 0.48, ask 0.52 → BUY up to 0.598, SELL down to 0.408
  test.each([
    ["BUY", 597_999n, null],
    ["BUY", 598_000n, null],
    ["BUY", 598_001n, "EXEC_SLIPPAGE_EXCEEDED"],
    ["BUY", 10_000n, null],
    ["SELL", 408_001n, null],
    ["SELL", 408_000n, null],
    ["SELL", 407_999n, "EXEC_SLIPPAGE_EXCEEDED"],
    ["SELL", 990_000n, null],
  ] as const)("%s at %i micro-pUSD/share → %s", (side, price, code) => {
    expect(guard().evaluate(priced(side, price), withBook(0.48, 0.52)).deny?.reason_code ?? null).toBe(code);
  });
  test.each([
    // mid of 0.480001 and 0.52 is 0.5000005 (BUY up to 0.575000575, SELL down to 0.425000425): compared exactly, without rounding
    ["BUY", 575_000n, null],
    ["BUY", 575_001n, "EXEC_SLIPPAGE_EXCEEDED"],
    ["SELL", 425_001n, null],
    ["SELL", 425_000n, "EXEC_SLIPPAGE_EXCEEDED"],
  ] as const)("against the mid: %s at %i → %s", (side, price, code) => {
    expect(guard({ slippage_reference: "mid" }).evaluate(priced(side, price), withBook(0.480001, 0.52)).deny?.reason_code ?? null).toBe(code);
  });
  test("the evidence gives the limit price and the reference in micro-pUSD", () => {
    expect(guard().evaluate(priced("BUY", 600_000n), withBook(0.48, 0.52)).deny?.evidence).toEqual({
      side: "BUY",
      limit_price_micros: 600_000n,
      reference: "best_opposite",
      reference_price_micros: 520_000n,
      max_slippage_fraction: 0.15,
      worst_price_micros: 598_000n,
    });
  });
  test("a BUY for zero shares has an unbounded price and is refused", () => {
    const o = priced("BUY", 500_000n);
    expect(guard().evaluate({ ...o, order: { ...o.order, takerAmount: 0n } }, withBook(0.48, 0.52)).deny?.reason_code).toBe("EXEC_SLIPPAGE_EXCEEDED");
  });
});

describe("marketQualityGuard: EXEC_BUILDERCODE_MISSING", () => {
  const code = `0x${"ab".repeat(32)}` as Hex;
  test.each<[string, RiskGuardsConfigInput["market_quality"], Hex | undefined, string | null]>([
    ["not required, none given", {}, undefined, null],
    ["required, none given", { require_builder_code: true }, undefined, "EXEC_BUILDERCODE_MISSING"],
    ["required, one given", { require_builder_code: true }, code, null],
    ["required with an allowlist, listed code", { require_builder_code: true, builder_code_allowlist: [code.toUpperCase().replace("0X", "0x")] }, code, null],
    ["required with an allowlist, other code", { require_builder_code: true, builder_code_allowlist: [`0x${"cd".repeat(32)}`] }, code, "EXEC_BUILDERCODE_MISSING"],
  ])("%s", (_l, over, builder, expected) => {
    expect(guard(over).evaluate(priced("BUY", 500_000n, 1_000_000n, builder), withBook(0.48, 0.52)).deny?.reason_code ?? null).toBe(expected);
  });
  test("checked before the book, so it holds even when the book is missing", () => {
    expect(guard({ require_builder_code: true }).evaluate(priced("BUY", 500_000n), riskCtx({ book: unavailableRead() })).deny?.reason_code).toBe("EXEC_BUILDERCODE_MISSING");
  });
});

describe("marketQualityGuard: fails closed", () => {
  test.each([
    ["no bids", null, 0.52],
    ["no asks", 0.48, null],
    ["an empty book", null, null],
  ] as const)("%s → MARKET_QUALITY_GUARD_DATA_UNAVAILABLE", (_l, bid, ask) => {
    expect(guard().evaluate(priced("SELL", 500_000n), withBook(bid, ask)).deny?.reason_code).toBe("MARKET_QUALITY_GUARD_DATA_UNAVAILABLE");
  });
  test.each(["missing", "stale"] as const)("a %s book → MARKET_QUALITY_GUARD_DATA_UNAVAILABLE", (reason) => {
    expect(guard().evaluate(priced("BUY", 500_000n), riskCtx({ book: unavailableRead(reason) })).deny?.reason_code).toBe("MARKET_QUALITY_GUARD_DATA_UNAVAILABLE");
  });
});

describe("item 1: slippage is relative to the book, so a cheap market bounds a SELL too", () => {
  // book: bid 0.03, ask 0.035. An absolute 0.05 put the SELL floor at 0.03 − 0.05 < 0: every price passed.
  const cheap = withBook(0.03, 0.035);
  test.each([
    ["SELL 1e9 shares for 0.000001 pUSD", "EXEC_SLIPPAGE_EXCEEDED", { ...priced("SELL", 1n), order: { ...priced("SELL", 1n).order, makerAmount: 10n ** 15n, takerAmount: 1n } }],
    ["SELL at 0.001", "EXEC_SLIPPAGE_EXCEEDED", priced("SELL", 1_000n)],
    ["SELL at 0.0255 (bid × 0.85, at the limit)", null, priced("SELL", 25_500n)],
    ["SELL one micro-pUSD below it", "EXEC_SLIPPAGE_EXCEEDED", priced("SELL", 25_499n)],
    ["BUY at 0.04025 (ask × 1.15, at the limit)", null, priced("BUY", 40_250n)],
    ["BUY one micro-pUSD above it", "EXEC_SLIPPAGE_EXCEEDED", priced("BUY", 40_251n)],
  ] as const)("%s → %s", (_l, code, intent) => {
    expect(guard().evaluate(intent, cheap).deny?.reason_code ?? null).toBe(code);
  });
  test("the fraction is configurable; 0 allows no price worse than the reference", () => {
    expect(guard({ max_slippage_fraction: 0 }).evaluate(priced("SELL", 29_999n), cheap).deny?.reason_code).toBe("EXEC_SLIPPAGE_EXCEEDED");
    expect(guard({ max_slippage_fraction: 0 }).evaluate(priced("SELL", 30_000n), cheap).deny).toBeUndefined();
    expect(guard({ max_slippage_fraction: 0.5 }).evaluate(priced("SELL", 15_000n), cheap).deny).toBeUndefined();
  });
});
