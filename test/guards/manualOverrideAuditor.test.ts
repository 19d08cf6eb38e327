import { describe, expect, test } from "vitest";
import { evaluateOverride, setConfigPath } from "../../src/guards/manualOverrideAuditor";

const req = { operator_id: "op_1", requestor_id: "ops-1", justification: "cap raised for election night, approved in #risk", target: "risk.exposure.global_gross_cap_usd", value: 400_000 };
const ctx = { killSwitchActive: false, approvedInWindow: 0, maxPerWindow: 3, targetProblem: null };

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

describe("item 5: overrides cannot pollute prototypes, and their rate limit counts the caller", () => {
  const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
  test.each(["risk.__proto__.polluted_by_override", "risk.constructor.prototype.polluted_by_override", "risk.exposure.strategies.__proto__.x", "risk..x"])(
    "setConfigPath refuses %s before touching anything",
    (path) => {
      const before = prototypeNames();
      expect(() => setConfigPath({ risk: {} }, path, 1)).toThrow(expect.objectContaining({ code: "WARDEN_ERR_INVALID_PARAMETER" }));
      expect(prototypeNames()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted_by_override).toBeUndefined();
    },
  );
  test("objects built from the path and from the value inherit nothing; an inherited name is never followed", () => {
    const out = setConfigPath({ risk: {} }, "risk.exposure.strategies.s1", { gross_cap_usd: 5 }) as { risk: { exposure: { strategies: { s1: object } } } };
    expect(Object.getPrototypeOf(out.risk.exposure)).toBeNull();
    expect(Object.getPrototypeOf(out.risk.exposure.strategies.s1)).toBeNull();
    // `toString` is inherited by every plain object, never an own key: a new node is made instead.
    const viaInherited = setConfigPath({ risk: {} }, "risk.toString.x", 1) as { risk: Record<string, unknown> };
    expect(Object.hasOwn(viaInherited.risk, "toString")).toBe(true);
    expect(Object.prototype.toString).toBe(Object.getPrototypeOf({}).toString);
  });
  test.each([
    [JSON.parse('{"__proto__": {"polluted_by_override": true}}'), "value.__proto__: not a configuration key"],
    [JSON.parse('{"a": [{"constructor": {"prototype": {"x": 1}}}]}'), "value.a[0].constructor: not a configuration key"],
    [{ when: new Date(0) }, "value.when: not JSON data"],
    [Number.NaN, "value: not a finite number"],
    [JSON.parse("[".repeat(20) + "]".repeat(20)), "nested too deeply"],
  ])("a value that is not plain JSON data is OVERRIDE_INVALID: %j", (value, problem) => {
    const v = evaluateOverride({ ...req, target: "risk.exposure.strategies", value }, ctx);
    expect(v.deny).toMatchObject({ reason_code: "OVERRIDE_INVALID", evidence: { problem: expect.stringContaining(problem) } });
  });
  test("a path the schema does not define (the caller's check) is OVERRIDE_INVALID with its problem", () => {
    expect(evaluateOverride(req, { ...ctx, targetProblem: "risk.nope: no such setting" }).deny).toEqual({
      reason_code: "OVERRIDE_INVALID",
      evidence: { target: req.target, problem: "risk.nope: no such setting" },
    });
  });
  test.each(["", "has space", "x".repeat(65), undefined])("an override without an operator identity (%j) is OVERRIDE_INVALID", (operator_id) => {
    expect(evaluateOverride({ ...req, operator_id: operator_id as never }, ctx).deny?.reason_code).toBe("OVERRIDE_INVALID");
  });
});
