import { describe, expect, test } from "vitest";
import { exposureGuard } from "../../src/guards/exposureGuard";
import type { RiskContext } from "../../src/guards/RiskContext";
import type { RiskGuardsConfigInput } from "../../src/guards/riskGuardsConfigSchema";
import { orderIntent } from "../helpers/guardFixtures";
import { CLUSTER, CONDITION, exposure, riskConfig, riskCtx, STRATEGY, TOKEN } from "../helpers/riskFixtures";

const guard = (over: RiskGuardsConfigInput["exposure"] = {}) => exposureGuard(riskConfig({ exposure: over }).exposure);
const ok = <T>(value: T) => ({ status: "ok" as const, value, ageMs: 0 });
type View = Parameters<typeof exposure>[0];
const run = (view: View, n = 1_000_000n, side: "BUY" | "SELL" = "BUY", over: RiskGuardsConfigInput["exposure"] = {}) => {
  const v = guard(over).evaluate(orderIntent(n, { side }), riskCtx({ exposure: ok(exposure(view)) }));
  return { deny: v.deny?.reason_code ?? null, evidence: v.deny?.evidence, annotations: (v.annotations ?? []).map((a) => a.reason_code) };
};

const N = 1_000_000n; // the order: 1 pUSD
const caps = {
  global: 375_000_000_000n,
  cluster: 100_000_000_000n,
  market: 120_000_000_000n,
  strategy: 5_000_000_000n,
};

describe("exposureGuard: gross and net caps at four levels (seed 003 defaults; exactly at the cap passes)", () => {
  const rows = (["global", "cluster", "market", "strategy"] as const).flatMap((level) =>
    (["gross", "net"] as const).flatMap((metric) =>
      ([-1n, 0n, 1n] as const).map((delta) => [level, metric, delta] as const),
    ),
  );
  test.each(rows)("%s %s cap, after = cap %s micro", (level, metric, delta) => {
    const before = caps[level] - N + delta;
    const bucket = metric === "gross" ? { grossMicros: before } : { netMicros: before };
    const r = run({ [level]: bucket });
    if (delta <= 0n) expect(r.deny).toBeNull();
    else expect(r).toMatchObject({ deny: "RISK_EXPOSURE_CAP_HIT", evidence: { level, metric, cap: caps[level], after: caps[level] + 1n } });
  });
  test("evidence names the bucket id", () => {
    expect(run({ cluster: { grossMicros: caps.cluster } }).evidence).toEqual({ level: "cluster", id: CLUSTER, metric: "gross", cap: caps.cluster, after: caps.cluster + N });
    expect(run({ market: { grossMicros: caps.market } }).evidence).toMatchObject({ id: CONDITION });
  });
  test("a SELL adds to gross and subtracts from net", () => {
    expect(run({ cluster: { netMicros: -(caps.cluster - N + 1n) } }, N, "SELL")).toMatchObject({ deny: "RISK_EXPOSURE_CAP_HIT", evidence: { metric: "net", after: caps.cluster + 1n } });
    expect(run({ cluster: { grossMicros: caps.cluster - N + 1n } }, N, "SELL")).toMatchObject({ deny: "RISK_EXPOSURE_CAP_HIT", evidence: { metric: "gross" } });
  });
  test("an order that reduces |net| is never refused by a net cap, even above it", () => {
    expect(run({ cluster: { netMicros: caps.cluster + 50n * N } }, N, "SELL").deny).toBeNull();
    expect(run({ cluster: { netMicros: caps.cluster + 50n * N } }, N, "BUY").deny).toBe("RISK_EXPOSURE_CAP_HIT");
  });
  test("the global default gross cap is 375,000 pUSD", () => {
    expect(riskConfig().exposure.global_gross_cap_usd).toBe(375_000);
  });
});

describe("exposureGuard: per-strategy max order size and cluster instruments", () => {
  test.each([
    [999_999_999n, null],
    [1_000_000_000n, null],
    [1_000_000_001n, "RISK_EXPOSURE_CAP_HIT"],
  ] as const)("an order of %i micro-pUSD against the 1,000 pUSD max → %s", (n, deny) => {
    const r = run({}, n, "BUY", { strategy: { ...riskConfig().exposure.strategy, gross_cap_usd: 100_000, net_cap_usd: 100_000, max_notional_per_min_usd: 100_000 } });
    expect(r.deny).toBe(deny);
    if (deny) expect(r.evidence).toMatchObject({ level: "strategy", id: STRATEGY, metric: "max_order_size" });
  });
  test.each([
    ["a new instrument with room (19 of 20)", 19, [], null],
    ["a new instrument beyond the max (20 of 20)", 20, [], "RISK_EXPOSURE_CAP_HIT"],
    ["an instrument already held at the max", 20, [TOKEN], null],
    ["an instrument held by condition id at the max", 20, [CONDITION], null],
  ] as const)("%s → %s", (_l, instruments, instrumentIds, deny) => {
    const r = run({ cluster: { instruments, instrumentIds } });
    expect(r.deny).toBe(deny);
    if (deny) expect(r.evidence).toMatchObject({ level: "cluster", metric: "instruments", cap: 20n, after: 21n });
  });
});

describe("exposureGuard: throttles (EXEC_RATE_LIMIT_EXCEEDED, level throttle) and near warnings", () => {
  test.each([
    [58, null],
    [59, null],
    [60, "EXEC_RATE_LIMIT_EXCEEDED"],
  ] as const)("%i envelopes in the last minute, 60/min allowed → %s", (envelopesLastMinute, deny) => {
    const r = run({ strategy: { envelopesLastMinute } });
    expect(r.deny).toBe(deny);
    if (deny) expect(r.evidence).toEqual({ level: "throttle", id: STRATEGY, metric: "envelopes_per_min", cap: 60n, after: 61n });
  });
  test.each([-1n, 0n, 1n])("notional/min after = 10,000 pUSD %s micro", (delta) => {
    const r = run({ strategy: { notionalLastMinuteMicros: 10_000_000_000n - N + delta } });
    expect(r.deny).toBe(delta > 0n ? "EXEC_RATE_LIMIT_EXCEEDED" : null);
  });
  test.each([
    ["strategy gross at 80 %", { grossMicros: 4_000_000_000n - N }, []],
    ["strategy gross just above 80 %", { grossMicros: 4_000_000_000n - N + 1n }, ["RISK_STRATEGY_CAP_NEAR"]],
    ["strategy net just above 80 %", { netMicros: 4_000_000_000n - N + 1n }, ["RISK_STRATEGY_CAP_NEAR"]],
    ["envelopes at 80 % (48 of 60)", { envelopesLastMinute: 47 }, []],
    ["envelopes above 80 % (49 of 60)", { envelopesLastMinute: 48 }, ["EXEC_RATE_LIMIT_NEAR"]],
    ["notional/min at 80 %", { notionalLastMinuteMicros: 8_000_000_000n - N }, []],
    ["notional/min just above 80 %", { notionalLastMinuteMicros: 8_000_000_000n - N + 1n }, ["EXEC_RATE_LIMIT_NEAR"]],
    ["gross and both throttles", { grossMicros: 4_500_000_000n, envelopesLastMinute: 55, notionalLastMinuteMicros: 9_000_000_000n }, ["RISK_STRATEGY_CAP_NEAR", "EXEC_RATE_LIMIT_NEAR", "EXEC_RATE_LIMIT_NEAR"]],
  ] as const)("%s", (_l, strategy, annotations) => {
    expect(run({ strategy })).toEqual({ deny: null, evidence: undefined, annotations });
  });
  test("a denial carries no near-cap warnings (the DENY is the record)", () => {
    const v = guard().evaluate(orderIntent(N), riskCtx({ exposure: ok(exposure({ strategy: { grossMicros: 4_500_000_000n, envelopesLastMinute: 60 } })) }));
    expect(v.deny?.reason_code).toBe("EXEC_RATE_LIMIT_EXCEEDED");
    expect(v.annotations).toBeUndefined();
  });
  test("cluster, market and global caps do not warn (seed 003 warns per-strategy caps and throttles)", () => {
    expect(run({ cluster: { grossMicros: caps.cluster - 2n * N } }).annotations).toEqual([]);
  });
});

describe("exposureGuard: overrides (seed 003: blank = use global default)", () => {
  test("a cluster row overrides only the fields it sets", () => {
    const over = { clusters: { [CLUSTER]: { gross_cap_usd: 50 } } };
    expect(run({ cluster: { grossMicros: 49_000_001n } }, N, "BUY", over)).toMatchObject({ deny: "RISK_EXPOSURE_CAP_HIT", evidence: { cap: 50_000_000n } });
    expect(run({ cluster: { instruments: 20, instrumentIds: [] } }, N, "BUY", over).deny).toBe("RISK_EXPOSURE_CAP_HIT");
    expect(run({ cluster: { grossMicros: 49_000_001n } }, N, "BUY", { clusters: { OTHER: { gross_cap_usd: 50 } } }).deny).toBeNull();
  });
  test("a strategy row overrides max size and envelopes/min", () => {
    const over = { strategies: { [STRATEGY]: { max_order_size_usd: 10, max_envelopes_per_min: 5 } } };
    expect(run({}, 10_000_001n, "BUY", over).evidence).toMatchObject({ metric: "max_order_size", cap: 10_000_000n });
    expect(run({ strategy: { envelopesLastMinute: 5 } }, N, "BUY", over).deny).toBe("EXEC_RATE_LIMIT_EXCEEDED");
    expect(run({ strategy: { envelopesLastMinute: 5 } }, N, "BUY").deny).toBeNull();
  });
  test("a market row is keyed by condition id, any case", () => {
    const over = { markets: { [CONDITION.toUpperCase().replace("0X", "0x")]: { net_cap_usd: 2 } } };
    expect(run({ market: { netMicros: 1_000_001n } }, N, "BUY", over).deny).toBeNull();
    expect(run({ market: { netMicros: 1_000_001n } }, N, "BUY", { markets: { [CONDITION]: { net_cap_usd: 2 } } }).deny).toBe("RISK_EXPOSURE_CAP_HIT");
  });
});

describe("exposureGuard: EXPOSURE_GUARD_DATA_UNAVAILABLE (fail closed)", () => {
  test.each<[string, Partial<RiskContext>, string]>([
    ["exposure unavailable", { exposure: { status: "unavailable", reason: "store down" } }, "store down"],
    ["cluster unknown", { cluster: { status: "unavailable", tokenId: TOKEN, reason: "missing", lastError: null } }, "missing"],
    ["cluster of another token", { cluster: { status: "ok", tokenId: "2", conditionId: CONDITION, clusterId: CLUSTER } }, "token_mismatch"],
    ["exposure of another cluster", { exposure: ok(exposure({ cluster: { id: "OTHER" } })) }, "cluster_mismatch"],
    ["exposure of another market", { exposure: ok(exposure({ market: { id: `0x${"dd".repeat(32)}` } })) }, "market_mismatch"],
    ["exposure of another strategy", { exposure: ok(exposure({ strategy: { id: "other" } })) }, "strategy_mismatch"],
  ])("%s", (_l, over, reason) => {
    const v = guard().evaluate(orderIntent(N), riskCtx(over));
    expect(v.deny).toMatchObject({ reason_code: "EXPOSURE_GUARD_DATA_UNAVAILABLE", evidence: { reason } });
  });
});
