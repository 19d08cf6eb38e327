import { describe, expect, test } from "vitest";
import { configPathProblem } from "../../src/config/configPathProblem";

describe("item 5: override paths are checked against the config schema's own keys", () => {
  test.each([
    "risk.drawdown.max_intraday_drawdown_pct",
    "risk.exposure.strategies.nba-mm.gross_cap_usd",
    "risk.exposure.markets.0xabc",
    "routing.codes.RISK_SPREAD_WIDE.pause",
    "guards.wallet_permission_guard.max_per_call_size_usd",
    "risk.compliance.blocked_regions",
  ])("%s names a setting", (path) => {
    expect(configPathProblem(path)).toBeNull();
  });
  test.each([
    ["risk.__proto__.polluted_by_override", 'risk.__proto__: "__proto__" is not a configuration key'],
    ["risk.exposure.strategies.__proto__.gross_cap_usd", 'risk.exposure.strategies.__proto__: "__proto__" is not a configuration key'],
    ["routing.codes.constructor.pause", 'routing.codes.constructor: "constructor" is not a configuration key'],
    ["risk.constructor.prototype", 'risk.constructor: "constructor" is not a configuration key'],
    ["risk.exposure.hasOwnProperty", "risk.exposure.hasOwnProperty: no such setting"],
    ["risk.nope.x", "risk.nope: no such setting"],
    ["risk.drawdown.max_intraday_drawdown_pct.x", "risk.drawdown.max_intraday_drawdown_pct is a value, not a section"],
    ["risk..x", 'risk.: "" is not a configuration key'],
  ])("%s does not: %s", (path, problem) => {
    expect(configPathProblem(path)).toContain(problem);
  });
});
