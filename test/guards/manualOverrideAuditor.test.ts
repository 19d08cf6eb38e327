import { describe, expect, test } from "vitest";
import { evaluateOverride, setConfigPath } from "../../src/guards/manualOverrideAuditor";

const req = { requestor_id: "ops-1", justification: "cap raised for election night, approved in #risk", target: "risk.exposure.global_gross_cap_usd", value: 400_000 };
const ctx = { killSwitchActive: false, approvedInWindow: 0, maxPerWindow: 3 };

describe("ManualOverrideAuditor (seed 001)", () => {
  test.each([
    ["first of three", 0, undefined, []],
    ["second of three", 1, undefined, []],
    ["third of three: one below the limit warns", 2, undefined, ["OVERRIDE_AUDITOR_RATE_APPROACHING"]],
    ["fourth: the limit is reached", 3, "OVERRIDE_AUDITOR_RATE_EXCEEDED", []],
  ])("%s", (_l, approved, deny, warns) => {
    const v = evaluateOverride(req, { ...ctx, approvedInWindow: approved });
    expect(v.deny?.reason_code).toBe(deny);
    expect(v.annotations.map((a) => a.reason_code)).toEqual(warns);
  });
  test.each(["", "   ", "\n\t"])("a blank justification %j is refused", (justification) => {
    expect(evaluateOverride({ ...req, justification }, ctx).deny?.reason_code).toBe("OVERRIDE_AUDITOR_NO_JUSTIFICATION");
  });
  test("the global kill switch refuses every override first", () => {
    expect(evaluateOverride({ ...req, justification: "" }, { ...ctx, killSwitchActive: true }).deny?.reason_code).toBe("KILL_SWITCH_ACTIVE");
  });
  test("a kill-switch disarm is judged on justification and rate, and the global switch does not refuse it", () => {
    const disarm = { ...req, target: "kill_switch.global:*", value: false };
    expect(evaluateOverride(disarm, { ...ctx, killSwitchActive: true, subject: "kill_switch_disarm" })).toEqual({ annotations: [] });
    expect(evaluateOverride({ ...disarm, justification: " " }, { ...ctx, killSwitchActive: true, subject: "kill_switch_disarm" }).deny?.reason_code).toBe("OVERRIDE_AUDITOR_NO_JUSTIFICATION");
    expect(evaluateOverride(disarm, { ...ctx, approvedInWindow: 3, subject: "kill_switch_disarm" }).deny?.reason_code).toBe("OVERRIDE_AUDITOR_RATE_EXCEEDED");
    // Lifting pauseUser is refused while the global switch is armed, like any other override.
    expect(evaluateOverride({ ...disarm, target: "exchange.unpause_user" }, { ...ctx, killSwitchActive: true, subject: "exchange_unpause" }).deny?.reason_code).toBe("KILL_SWITCH_ACTIVE");
    expect(evaluateOverride({ ...disarm, target: "exchange.unpause_user" }, { ...ctx, subject: "exchange_unpause" })).toEqual({ annotations: [] });
  });
  test.each(["guards.kill_switch.mode", "store.path", "signing.max_order_age_s", "chain_id", "risk", "__proto__.x"])("%s cannot be overridden", (target) => {
    expect(evaluateOverride({ ...req, target }, ctx).deny?.reason_code).toBe("OVERRIDE_INVALID");
  });
  test("setConfigPath copies and sets a nested value", () => {
    const base = { risk: { drawdown: { max_intraday_drawdown_pct: 4 } } };
    expect(setConfigPath(base, "risk.drawdown.max_intraday_drawdown_pct", 3)).toEqual({ risk: { drawdown: { max_intraday_drawdown_pct: 3 } } });
    expect(base.risk.drawdown.max_intraday_drawdown_pct).toBe(4);
  });
});
