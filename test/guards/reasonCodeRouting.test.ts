import { describe, expect, test } from "vitest";
import { reasonCodeRoutingSchema, routeFor } from "../../src/guards/reasonCodeRouting";
import type { ReasonCode } from "../../src/core/reasonCodes";

const defaults = reasonCodeRoutingSchema.parse({});
const SLACK = "https://hooks.slack.com/services/T0/B0/x";

// Seed 003, "Reason-code routing", row by row.
const seedTable: [ReasonCode, string][] = [
  ["RISK_KILLSWITCH_TRIPPED", "immediate"],
  ["RISK_MARKET_HALTED", "immediate"],
  ["RISK_EXPOSURE_CAP_HIT", "on next intent"],
  ["RISK_BOOK_STALE_15S", "queue"],
  ["RISK_DRAWDOWN_TRIGGERED", "immediate"],
  ["RISK_SPREAD_WIDE", "Slack"],
  ["RISK_GEOFENCE_BLOCK", "queue"],
  ["STRAT_MAKER_QUOTE_INSIDE", "log only"],
  ["STRAT_MAKER_NO_EDGE", "log only"],
  ["EXEC_ROUTE_CTFV2_ACCEPTED", "log only"],
  ["EXEC_ROUTE_CTFV2_TIMEOUT", "queue"],
  ["EXEC_BUILDERCODE_MISSING", "immediate"],
  ["EXEC_SLIPPAGE_EXCEEDED", "log only"],
  ["EXEC_NONCE_DRIFT", "queue"],
  ["INTEL_MACRO_BULL", "log only"],
  ["INTEL_MACRO_BEAR", "log only"],
  ["INTEL_MACRO_NEUTRAL", "log only"],
  ["DISC_HEADLINE_MATCH", "log only"],
  ["SEC_SIGNING_INVALID", "immediate"],
  ["GOV_STRATEGY_FORBIDDEN_INPUT", "immediate"],
];
const expected = {
  immediate: { pause: "immediate", review: false, notify: { log: true, webhook_url: null } },
  "on next intent": { pause: "on_next_intent", review: false, notify: { log: true, webhook_url: null } },
  queue: { pause: null, review: true, notify: { log: true, webhook_url: null } },
  "log only": { pause: null, review: false, notify: { log: true, webhook_url: null } },
  Slack: { pause: null, review: false, notify: { log: true, webhook_url: SLACK } },
} as const;

describe("routeFor: seed 003 defaults", () => {
  const withWebhook = reasonCodeRoutingSchema.parse({ webhook_url: SLACK });
  test.each(seedTable)("%s → %s", (code, dest) => {
    expect(routeFor(code, withWebhook)).toEqual(expected[dest as keyof typeof expected]);
  });
  test("a code routed to Slack with no webhook configured only logs", () => {
    expect(routeFor("RISK_SPREAD_WIDE", defaults).notify).toEqual({ log: true, webhook_url: null });
  });
  test("codes outside the table only log", () => {
    expect(routeFor("BLACKLIST_KEEPER_MARKET_BANNED", defaults)).toEqual(expected["log only"]);
  });
  test("the throttle's hard code does not pause the strategy", () => {
    expect(routeFor("EXEC_RATE_LIMIT_EXCEEDED", defaults).pause).toBeNull();
  });
});

describe("routeFor: operator overrides", () => {
  test("override single fields; the rest keep the seed default", () => {
    const o = reasonCodeRoutingSchema.parse({ codes: { RISK_BOOK_STALE_15S: { pause: "on_next_intent" }, RISK_MARKET_HALTED: { pause: "none", webhook_url: SLACK } } });
    expect(routeFor("RISK_BOOK_STALE_15S", o)).toEqual({ pause: "on_next_intent", review: true, notify: { log: true, webhook_url: null } });
    expect(routeFor("RISK_MARKET_HALTED", o)).toEqual({ pause: null, review: false, notify: { log: true, webhook_url: SLACK } });
  });
  test("webhook_url null turns a Slack route into log only", () => {
    const o = reasonCodeRoutingSchema.parse({ webhook_url: SLACK, codes: { RISK_SPREAD_WIDE: { webhook_url: null } } });
    expect(routeFor("RISK_SPREAD_WIDE", o).notify.webhook_url).toBeNull();
  });
  test.each([
    [{ webhook_url: "ftp://example.com/x" }, "routing.webhook_url must be an http(s) URL"],
    [{ webhook_url: "not a url" }, "routing.webhook_url must be an http(s) URL"],
    [{ codes: { RISK_SPREAD_WIDE: { webhook_url: "javascript:alert(1)" } } }, "routing.codes.<code>.webhook_url must be an http(s) URL"],
    [{ codes: { RISK_SPRED_WIDE: { review: true } } }, "routing.codes.RISK_SPRED_WIDE is not a registered reason code"],
    [{ codes: { RISK_SPREAD_WIDE: { pause: "later" } } }, "routing.codes.<code>.pause must be immediate, on_next_intent or none"],
    [{ codes: { RISK_SPREAD_WIDE: { mute: true } } }, "mute"],
  ])("rejects %j naming the field", (input, message) => {
    const r = reasonCodeRoutingSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join("\n")).toContain(message);
  });
});
