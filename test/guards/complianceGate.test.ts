import { describe, expect, test } from "vitest";
import { complianceGate } from "../../src/guards/complianceGate";
import type { RiskContext } from "../../src/guards/RiskContext";
import type { RiskGuardsConfigInput } from "../../src/guards/riskGuardsConfigSchema";
import { orderIntent } from "../helpers/guardFixtures";
import { riskConfig, riskCtx, STRATEGY } from "../helpers/riskFixtures";

const declared = (over: Partial<RiskContext["declared"]>): Partial<RiskContext> => ({ declared: { region: null, inputs: [], counterparty: null, ...over } });

describe("complianceGate: geofence (RISK_GEOFENCE_BLOCK)", () => {
  const guard = (compliance: RiskGuardsConfigInput["compliance"]) => complianceGate(riskConfig({ compliance }).compliance);
  test.each<[string, RiskGuardsConfigInput["compliance"], string | null, string | null]>([
    ["no geofence configured, no region known", {}, null, null],
    ["declared region not blocked", { blocked_regions: ["US"] }, "FR", null],
    ["declared region blocked globally", { blocked_regions: ["US"] }, "US", "RISK_GEOFENCE_BLOCK"],
    ["declared region in other case", { blocked_regions: ["us"] }, "Us", "RISK_GEOFENCE_BLOCK"],
    ["a blocked country blocks its subdivision", { blocked_regions: ["US"] }, "US-NY", "RISK_GEOFENCE_BLOCK"],
    ["a blocked subdivision does not block the country", { blocked_regions: ["US-NY"] }, "US", null],
    ["a blocked subdivision does not block another one", { blocked_regions: ["US-NY"] }, "US-NJ", null],
    ["blocked for this strategy", { blocked_regions_by_strategy: { [STRATEGY]: ["GB"] } }, "GB", "RISK_GEOFENCE_BLOCK"],
    ["blocked only for another strategy", { blocked_regions_by_strategy: { other: ["GB"] } }, "GB", null],
    ["operator region blocked, strategy region fine", { blocked_regions: ["SG"], operator_region: "SG" }, "FR", "RISK_GEOFENCE_BLOCK"],
    ["operator region known, strategy declares none", { blocked_regions: ["SG"], operator_region: "FR" }, null, null],
    ["geofence configured, no region known → fail closed", { blocked_regions: ["US"] }, null, "COMPLIANCE_GATE_DATA_UNAVAILABLE"],
    ["geofence configured, garbage region → fail closed", { blocked_regions: ["US"] }, "United States", "COMPLIANCE_GATE_DATA_UNAVAILABLE"],
  ])("%s", (_l, compliance, region, code) => {
    const v = guard(compliance).evaluate(orderIntent(1_000_000n), riskCtx(declared({ region })));
    expect(v.deny?.reason_code ?? null).toBe(code);
  });
  test("the evidence names the region, whose it is and the rule", () => {
    const v = guard({ blocked_regions: ["US"] }).evaluate(orderIntent(1n), riskCtx(declared({ region: "US-CA" })));
    expect(v.deny).toEqual({ reason_code: "RISK_GEOFENCE_BLOCK", evidence: { region: "US-CA", region_of: "strategy", blocked_by: "US", strategy_id: STRATEGY } });
  });
  test("the session's strategy decides, not the one the caller claims", () => {
    const g = guard({ blocked_regions_by_strategy: { [STRATEGY]: ["GB"] } });
    expect(g.evaluate(orderIntent(1n), riskCtx(declared({ region: "GB" }), { claimed_strategy_id: "other" })).deny?.reason_code).toBe("RISK_GEOFENCE_BLOCK");
  });
});

describe("complianceGate: forbidden inputs (GOV_STRATEGY_FORBIDDEN_INPUT)", () => {
  const g = complianceGate(riskConfig({ compliance: { forbidden_inputs: ["insider.feed"], forbidden_inputs_by_strategy: { [STRATEGY]: ["X.Sentiment"] } } }).compliance);
  test.each([
    ["no inputs", [], null],
    ["allowed inputs", ["gamma.rules_text", "clob.book"], null],
    ["a globally forbidden input", ["clob.book", "insider.feed"], "GOV_STRATEGY_FORBIDDEN_INPUT"],
    ["a forbidden input for this strategy, any case", ["x.sentiment"], "GOV_STRATEGY_FORBIDDEN_INPUT"],
    ["a near miss is not a match", ["insider.feed.v2"], null],
  ] as const)("%s", (_l, inputs, code) => {
    expect(g.evaluate(orderIntent(1n), riskCtx(declared({ inputs }))).deny?.reason_code ?? null).toBe(code);
  });
  test("the evidence lists the forbidden inputs used", () => {
    expect(g.evaluate(orderIntent(1n), riskCtx(declared({ inputs: ["insider.feed", "ok"] }))).deny?.evidence).toEqual({ inputs: ["insider.feed"], strategy_id: STRATEGY });
  });
  test("a geofence block is reported before a forbidden input", () => {
    const both = complianceGate(riskConfig({ compliance: { blocked_regions: ["US"], forbidden_inputs: ["a"] } }).compliance);
    expect(both.evaluate(orderIntent(1n), riskCtx(declared({ region: "US", inputs: ["a"] }))).deny?.reason_code).toBe("RISK_GEOFENCE_BLOCK");
  });
});
