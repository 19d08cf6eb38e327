import { describe, expect, test } from "vitest";
import { exposureChangeOf } from "../../src/store/exposureChangeOf";

describe("exposureChangeOf", () => {
  test.each([
    ["an approval with a claim", "decision", { intent_id: "i1", strategy_id: "s", exposure: { cluster_id: "c", condition_id: "m", side: "BUY", notional_micros: "5" } }, { claim: { intent_id: "i1", strategy_id: "s", cluster_id: "c", condition_id: "m", side: "BUY", notional_micros: 5n, at_ms: 7 } }],
    ["a release", "exposure_released", { intent_id: "i1" }, { release: "i1" }],
    ["a decision without a claim (a denial, a ClobAuth)", "decision", { intent_id: "i1" }, null],
    ["a release naming no intent", "exposure_released", {}, null],
    ["another kind", "override", { exposure: { notional_micros: "1" } }, null],
  ] as const)("%s", (_name, kind, payload, expected) => {
    expect(exposureChangeOf({ kind, at_ms: 7, payload_json: JSON.stringify(payload) })).toEqual(expected);
  });
});
