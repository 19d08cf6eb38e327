import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";

const safeModule = (wallet: Record<string, unknown> = {}) => ({
  mode: "safe-module",
  safe: "0x1111111111111111111111111111111111111111",
  module: "0x2222222222222222222222222222222222222222",
  rpc_url: "http://127.0.0.1:8545",
  ...wallet,
});

// Regression (issue 14, found by test/safe/proxyAgreesWithModule.chain.test.ts): with a signing
// window wider than the module's, Warden signed orders the module already refused — older than the
// grant's maxOrderAgeSec (wallet.max_order_age_s), or more than the module's 60 s ahead of the block.
describe("safe-module: Warden's order-time window stays inside the module's", () => {
  test("signing.max_order_age_s above wallet.max_order_age_s is refused, naming both and the fix", () => {
    expect(() => parseConfig({ wallet: safeModule({ max_order_age_s: 600 }), signing: { max_order_age_s: 3600 } })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Invalid configuration.
      ✖ signing.max_order_age_s (3600) is above wallet.max_order_age_s (600): Warden would sign orders the module already refuses as too old; lower signing.max_order_age_s to at most 600 or raise wallet.max_order_age_s
        → at signing.max_order_age_s]
    `);
  });

  test("signing.max_order_future_skew_s above the module's 60 s is refused", () => {
    expect(() => parseConfig({ wallet: safeModule(), signing: { max_order_future_skew_s: 61 } })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Invalid configuration.
      ✖ signing.max_order_future_skew_s (61) is above the Warden module's 60 s allowance for order timestamps ahead of the block: Warden would sign orders the module refuses; set it to at most 60 in safe-module mode
        → at signing.max_order_future_skew_s]
    `);
  });

  test("both windows exactly at the module's are accepted; other modes keep their own bounds", () => {
    expect(parseConfig({ wallet: safeModule({ max_order_age_s: 600 }), signing: { max_order_age_s: 600, max_order_future_skew_s: 60 } }).signing).toMatchObject({ max_order_age_s: 600, max_order_future_skew_s: 60 });
    expect(parseConfig({ signing: { max_order_age_s: 3600, max_order_future_skew_s: 300 } }).signing.max_order_future_skew_s).toBe(300);
  });
});
