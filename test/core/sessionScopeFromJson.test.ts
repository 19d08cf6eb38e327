import { describe, expect, test } from "vitest";
import { sessionScopeFromJson } from "../../src/core/sessionScopeFromJson";

const stored = { strategy_id: "nba-mm", method_whitelist: [], contract_allowlist: [], max_session_lifetime_s: 3600, max_calls_per_session: 10, idle_timeout_s: 60, require_reapproval_s: 0 };

describe("sessionScopeFromJson (regression: a reopened store handed the price band back as strings)", () => {
  test("every amount comes back as a bigint", () => {
    const scope = sessionScopeFromJson({ ...stored, max_per_call_size_micros: "100000000", max_buy_price_micros: "600000", min_sell_price_micros: "400000" });
    expect(scope).toMatchObject({ max_per_call_size_micros: 100_000_000n, max_buy_price_micros: 600_000n, min_sell_price_micros: 400_000n });
  });
  test("a scope stored before price bands existed reads as unbounded (BUY up to 1 pUSD, SELL at any price)", () => {
    const scope = sessionScopeFromJson({ ...stored, max_per_call_size_micros: "1" });
    expect(scope).toMatchObject({ max_buy_price_micros: 1_000_000n, min_sell_price_micros: 0n });
  });
  test.each([["-1"], ["1.5"], ["0x10"], [12], [null]])("a stored amount %j that is not one is refused", (bad) => {
    expect(() => sessionScopeFromJson({ ...stored, max_per_call_size_micros: bad })).toThrow(TypeError);
  });
});
