import { describe, expect, test } from "vitest";
import { marketHaltGuard } from "../../src/guards/marketHaltGuard";
import type { MarketState } from "../../src/market/types";
import { orderIntent } from "../helpers/guardFixtures";
import { market, marketState, riskConfig, riskCtx, unavailableRead } from "../helpers/riskFixtures";

const guard = marketHaltGuard(riskConfig().market_halt);
const withState = (over: Partial<MarketState>) => riskCtx({ market: { status: "ok", snapshot: market({ state: marketState(over) }), ageMs: 0 } });

describe("marketHaltGuard: RISK_MARKET_HALTED", () => {
  test("an open, active market accepting orders passes", () => {
    expect(guard.evaluate(orderIntent(1n), riskCtx())).toEqual({ inputs_used: ["gamma.market.state"] });
  });
  test.each([
    ["closed", { closed: true, tradable: false }],
    ["resolved", { resolved: true, tradable: false }],
    ["archived", { archived: true, tradable: false }],
    ["halted", { halted: true, tradable: false }],
    ["not_active", { active: false, tradable: false }],
    ["not_accepting_orders", { acceptingOrders: false, tradable: false }],
    ["order_book_disabled", { enableOrderBook: false, tradable: false }],
    ["not_tradable", { tradable: false }],
  ] as const)("denies a market that is %s and names the flag", (flag, state) => {
    const v = guard.evaluate(orderIntent(1n), withState(state));
    expect(v.deny?.reason_code).toBe("RISK_MARKET_HALTED");
    expect(v.deny?.evidence).toMatchObject({ flag });
  });
  test("names every flag that tripped, the first as `flag`", () => {
    const v = guard.evaluate(orderIntent(1n), withState({ closed: true, resolved: true, acceptingOrders: false, tradable: false }));
    expect(v.deny?.evidence).toMatchObject({ flag: "closed", flags: ["closed", "resolved", "not_accepting_orders", "not_tradable"] });
  });
});

describe("marketHaltGuard: fails closed", () => {
  test.each([
    ["missing", unavailableRead("missing")],
    ["stale", unavailableRead("stale", 400_000)],
  ])("metadata %s → MARKET_HALT_GUARD_DATA_UNAVAILABLE (never assumed open)", (reason, read) => {
    const v = guard.evaluate(orderIntent(1n), riskCtx({ market: read }));
    expect(v.deny).toMatchObject({ reason_code: "MARKET_HALT_GUARD_DATA_UNAVAILABLE", evidence: { reason } });
  });
  test("metadata of a market that does not trade the order's token → MARKET_HALT_GUARD_DATA_UNAVAILABLE", () => {
    const v = guard.evaluate(orderIntent(1n, { order: { ...orderIntent(1n).order, tokenId: 99n } }), riskCtx());
    expect(v.deny).toMatchObject({ reason_code: "MARKET_HALT_GUARD_DATA_UNAVAILABLE", evidence: { reason: "token_mismatch" } });
  });
});
