import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";

describe("parseConfig", () => {
  test("defaults come from the seeds: 1000 pUSD per call, 24 h re-approval, an empty whitelist, FULL durability", () => {
    const c = parseConfig({});
    expect(c.sessions.defaults).toMatchObject({ max_per_call_size_usd: 1000, require_reapproval_h: 24, method_whitelist: [] });
    expect(c.guards.wallet_permission_guard).toEqual({ mode: "hard_guard", max_per_call_size_usd: 1000 });
    expect(c.store).toMatchObject({ kind: "embedded", synchronous: "NORMAL" });
    expect(Object.isFrozen(c.sessions.defaults)).toBe(true);
  });

  test.each([
    [{ sessions: { defaults: { max_per_call_size_usd: 0 } } }, "sessions.defaults.max_per_call_size_usd must be greater than 0 pUSD; set e.g. 1000"],
    [{ sessions: { defaults: { max_per_call_size_usd: 1.0000001 } } }, "has more than 6 decimals"],
    [{ signing: { max_order_age_s: 0 } }, "signing.max_order_age_s must be at least 1"],
    [{ signing: { max_order_age_s: 2.5 } }, "signing.max_order_age_s must be a whole number"],
    [{ sessions: { defaults: { idle_timeout_s: "60" } } }, "sessions.defaults.idle_timeout_s must be a number"],
    [{ guards: { kill_switch: { mode: "shadow_only" } } }, "the kill switch is never shadowed"],
    [{ chain_id: 1 }, "chain_id must be 137 (Polygon) or 80002 (Amoy)"],
    [{ store: { synchronous: "OFF" } }, "store.synchronous must be FULL"],
    [{ signin: {} }, "signin"],
    [{ strategies: { "nba-mm": {} } }, "strategies.<id>.family is required: name the strategy's bot family"],
    [{ strategies: { "nba-mm": { family: "market makers" } } }, "strategies.<id>.family must be 1–64 letters"],
    [{ strategies: { "nba mm": { family: "mm" } } }, "strategies keys must be strategy ids"],
  ])("%j fails naming the field and the fix", (input, message) => {
    expect(() => parseConfig(input)).toThrow(message);
  });

  test("the error lists the path of the bad field", () => {
    expect(() => parseConfig({ signing: { max_order_future_skew_s: -1 } })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Invalid configuration.
      ✖ signing.max_order_future_skew_s must be >= 0
        → at signing.max_order_future_skew_s]
    `);
  });
});
