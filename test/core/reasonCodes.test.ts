import { describe, expect, test } from "vitest";
import { reasonCodes } from "../../src/core/reasonCodes";

// Every code the five seeds name (000 SessionKeyManager, 001 ManualOverrideAuditor, 002
// BlacklistKeeper, 003 Risk Controls routing and closest-to-breach, 004 WalletPermissionGuard).
const seedCodes = [
  "KILL_SWITCH_ACTIVE", "SESSION_KEY_EXPIRED", "SESSION_BUDGET_WARN", "SESSION_EXPIRY_WARN", "SESSION_ISSUED",
  "OVERRIDE_AUDITOR_NO_JUSTIFICATION", "OVERRIDE_AUDITOR_RATE_EXCEEDED", "OVERRIDE_AUDITOR_RATE_APPROACHING", "OVERRIDE_AUDITOR_DATA_UNAVAILABLE",
  "BLACKLIST_KEEPER_MARKET_BANNED", "BLACKLIST_KEEPER_COUNTERPARTY_BANNED", "BLACKLIST_KEEPER_NEAR_RESOLUTION", "BLACKLIST_KEEPER_SINGLE_SOURCE",
  "BLACKLIST_KEEPER_AMBIGUOUS_RULES", "BLACKLIST_KEEPER_PRIOR_DISPUTE", "BLACKLIST_KEEPER_DATA_UNAVAILABLE", "BLACKLIST_KEEPER_PASS",
  "RISK_EXPOSURE_CAP_HIT", "RISK_STRATEGY_CAP_NEAR", "EXEC_RATE_LIMIT_NEAR", "RISK_KILLSWITCH_TRIPPED", "RISK_MARKET_HALTED",
  "RISK_BOOK_STALE_15S", "RISK_DRAWDOWN_TRIGGERED", "RISK_SPREAD_WIDE", "RISK_GEOFENCE_BLOCK", "STRAT_MAKER_QUOTE_INSIDE",
  "STRAT_MAKER_NO_EDGE", "EXEC_ROUTE_CTFV2_ACCEPTED", "EXEC_ROUTE_CTFV2_TIMEOUT", "EXEC_BUILDERCODE_MISSING", "EXEC_SLIPPAGE_EXCEEDED",
  "EXEC_NONCE_DRIFT", "INTEL_MACRO_BULL", "INTEL_MACRO_BEAR", "INTEL_MACRO_NEUTRAL", "DISC_HEADLINE_MATCH", "SEC_SIGNING_INVALID",
  "GOV_STRATEGY_FORBIDDEN_INPUT",
  "WALLET_PERMISSION_DENIED", "PERMISSION_SCOPE_WARN", "SESSION_ABOUT_TO_EXPIRE",
];

describe("reason-code registry", () => {
  test.each(seedCodes)("holds the seed code %s", (code) => {
    expect(Object.keys(reasonCodes)).toContain(code);
  });
  test("every entry has a severity, meaning, action and user-facing message", () => {
    for (const [code, info] of Object.entries(reasonCodes)) {
      expect(["HARD_REJECT", "WARN", "INFO"], code).toContain(info.severity);
      for (const text of [info.meaning, info.action, info.message]) expect(text.length, code).toBeGreaterThan(5);
    }
  });
  test("the seed's user-facing messages are used verbatim (seed 004 §14)", () => {
    expect(reasonCodes.KILL_SWITCH_ACTIVE.message).toBe("Trading is currently paused.");
    expect(reasonCodes.SESSION_KEY_EXPIRED.message).toBe("Your session has expired. Please re-authorise.");
    expect(reasonCodes.WALLET_PERMISSION_DENIED.message).toBe("This action is not permitted in your current session.");
    expect(reasonCodes.PERMISSION_SCOPE_WARN.message).toBe("This order is close to your per-call size limit.");
  });
  test("codes Warden added are marked as such, and every *_DATA_UNAVAILABLE code is a hard reject", () => {
    const added = Object.entries(reasonCodes).filter(([c]) => !seedCodes.includes(c));
    for (const [code, info] of added) expect(info.sources, code).toEqual(["warden"]);
    for (const [code, info] of Object.entries(reasonCodes))
      if (code.endsWith("_DATA_UNAVAILABLE")) expect(info.severity, code).toBe("HARD_REJECT");
  });
});
