import { describe, expect, test } from "vitest";
import { blacklistKeeper } from "../../src/guards/blacklistKeeper";
import type { Guard } from "../../src/guards/Guard";
import { reasonCodes } from "../../src/core/reasonCodes";
import type { RiskContext } from "../../src/guards/RiskContext";
import type { RiskGuardsConfigInput } from "../../src/guards/riskGuardsConfigSchema";
import { runPipeline } from "../../src/guards/runPipeline";
import type { MarketResolutionInfo, MarketSnapshot } from "../../src/market/types";
import { orderIntent, T0 } from "../helpers/guardFixtures";
import { CONDITION, HOUR_MS, market, resolution, riskConfig, riskCtx, unavailableRead } from "../helpers/riskFixtures";

const guard = (over: RiskGuardsConfigInput["blacklist"] = {}) => blacklistKeeper(riskConfig({ blacklist: over }).blacklist);
const withMarket = (over: Partial<MarketSnapshot>, res: Partial<MarketResolutionInfo> = {}, extra: Partial<RiskContext> = {}) =>
  riskCtx({ market: { status: "ok", snapshot: market({ ...over, resolution: resolution(res) }), ageMs: 0 }, ...extra });
const codes = (g: Guard, c: ReturnType<typeof riskCtx>) => {
  const v = g.evaluate(orderIntent(1_000_000n), c);
  return { deny: v.deny?.reason_code ?? null, annotations: (v.annotations ?? []).map((a) => a.reason_code) };
};
const registry = (ids: string[], ageMs = 0) => ({ status: "ok" as const, value: { ids: new Set(ids) }, ageMs });
const BAD_WALLET = "0x9999999999999999999999999999999999990001";

describe("blacklistKeeper: time to resolution (seed 002: HARD < 2 h, WARN 2–4 h)", () => {
  test.each([
    ["already ended", -HOUR_MS, "BLACKLIST_KEEPER_NEAR_RESOLUTION", []],
    ["2 h − 1 ms", 2 * HOUR_MS - 1, "BLACKLIST_KEEPER_NEAR_RESOLUTION", []],
    ["exactly 2 h", 2 * HOUR_MS, null, ["BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN", "BLACKLIST_KEEPER_PASS"]],
    ["2 h + 1 ms", 2 * HOUR_MS + 1, null, ["BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN", "BLACKLIST_KEEPER_PASS"]],
    ["4 h − 1 ms", 4 * HOUR_MS - 1, null, ["BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN", "BLACKLIST_KEEPER_PASS"]],
    ["exactly 4 h", 4 * HOUR_MS, null, ["BLACKLIST_KEEPER_PASS"]],
    ["4 h + 1 ms", 4 * HOUR_MS + 1, null, ["BLACKLIST_KEEPER_PASS"]],
  ] as const)("%s left → %s", (_l, leftMs, deny, annotations) => {
    expect(codes(guard(), withMarket({}, { endDateMs: T0 + leftMs }))).toEqual({ deny, annotations });
  });
  test("thresholds are configurable", () => {
    const g = guard({ min_hours_to_resolution: 6, warn_hours_to_resolution: 12 });
    expect(codes(g, withMarket({}, { endDateMs: T0 + 5 * HOUR_MS })).deny).toBe("BLACKLIST_KEEPER_NEAR_RESOLUTION");
    expect(codes(g, withMarket({}, { endDateMs: T0 + 11 * HOUR_MS })).annotations).toContain("BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN");
  });
  test("a question with a longer custom UMA liveness raises the hard threshold to it", () => {
    const c = withMarket({}, { endDateMs: T0 + 2.5 * HOUR_MS, customLivenessSec: 3 * 3600 });
    expect(codes(guard(), c).deny).toBe("BLACKLIST_KEEPER_NEAR_RESOLUTION");
  });
  test("the WARN annotation passes the pipeline and approves with a WARN vote", () => {
    const approving: Guard = { bot_id: "test.approve", mode: "hard_guard", dataUnavailableCode: "STORE_DATA_UNAVAILABLE", evaluate: () => ({ inputs_used: [] }) };
    const r = runPipeline([guard({ mode: "hard_guard" }), approving], orderIntent(1n), withMarket({}, { endDateMs: T0 + 3 * HOUR_MS }));
    expect(r.decision).toBe("APPROVE");
    expect(r.votes.map((v) => [v.decision, v.reason_code])).toEqual([
      ["WARN", "BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN"],
      ["APPROVE", "BLACKLIST_KEEPER_PASS"],
      ["APPROVE", null],
      ["APPROVE", null],
    ]);
    expect(r.votes[0]?.evidence).toMatchObject({ hours_to_resolution: 3, min_hours: 2, warn_hours: 4 });
  });
});

describe("blacklistKeeper: registries", () => {
  test("a banned condition id → BLACKLIST_KEEPER_MARKET_BANNED", () => {
    const v = guard().evaluate(orderIntent(1n), riskCtx({ bannedMarkets: registry([CONDITION]) }));
    expect(v.deny).toEqual({ reason_code: "BLACKLIST_KEEPER_MARKET_BANNED", evidence: { condition_id: CONDITION, registry: "banned_markets" } });
  });
  test("a banned counterparty → BLACKLIST_KEEPER_COUNTERPARTY_BANNED; only `audit_only` holds the address", () => {
    const c = riskCtx({ bannedCounterparties: registry([BAD_WALLET]), declared: { region: null, inputs: [], counterparty: BAD_WALLET.toUpperCase().replace("0X", "0x") } });
    const v = guard().evaluate(orderIntent(1n), c);
    expect(v.deny).toEqual({
      reason_code: "BLACKLIST_KEEPER_COUNTERPARTY_BANNED",
      evidence: { registry: "banned_counterparties", counterparty_redacted: "0x9999…0001", audit_only: { counterparty: BAD_WALLET } },
    });
    const { audit_only: _internal, ...shown } = v.deny?.evidence ?? {};
    expect(JSON.stringify(shown)).not.toContain(BAD_WALLET.slice(2, 20));
    expect(reasonCodes.BLACKLIST_KEEPER_COUNTERPARTY_BANNED.message).not.toMatch(/0x/);
  });
  test("no declared counterparty, or one not banned, passes", () => {
    expect(codes(guard(), riskCtx({ bannedCounterparties: registry([BAD_WALLET]) })).deny).toBeNull();
    expect(codes(guard(), riskCtx({ bannedCounterparties: registry([BAD_WALLET]), declared: { region: null, inputs: [], counterparty: "0x01" } })).deny).toBeNull();
  });
});

describe("blacklistKeeper: structural signals", () => {
  test.each([
    ["no keyword", "Resolves Yes if the Fed cuts rates.", null, undefined],
    ["'substantial'", "Resolves Yes on a substantial cut.", "BLACKLIST_KEEPER_AMBIGUOUS_RULES", "substantial"],
    ["'Substantial' in another case", "SUBSTANTIAL progress counts.", "BLACKLIST_KEEPER_AMBIGUOUS_RULES", "substantial"],
    ["'primary'", "The primary source is Reuters.", "BLACKLIST_KEEPER_AMBIGUOUS_RULES", "primary"],
    ["'primary' next to punctuation", "Source (primary).", "BLACKLIST_KEEPER_AMBIGUOUS_RULES", "primary"],
    ["'substantially' is another word", "Prices rose substantially.", null, undefined],
    ["'primaryElection' is another word", "See primaryElection data.", null, undefined],
    ["'primary_source' is another word", "See primary_source.", null, undefined],
  ] as const)("rules with %s → %s", (_l, rulesText, deny, keyword) => {
    const v = guard().evaluate(orderIntent(1n), withMarket({ rulesText }));
    expect(v.deny?.reason_code ?? null).toBe(deny);
    expect(v.deny?.evidence?.keyword).toBe(keyword);
  });
  test("the keyword list is configurable and takes phrases", () => {
    const g = guard({ ambiguity_keywords: ["material change", "primary"] });
    expect(codes(g, withMarket({ rulesText: "Any Material  change" })).deny).toBeNull();
    expect(guard({ ambiguity_keywords: ["material change"] }).evaluate(orderIntent(1n), withMarket({ rulesText: "Any material change." })).deny?.evidence).toMatchObject({
      keyword: "material change",
    });
    expect(codes(guard({ ambiguity_keywords: ["material"] }), withMarket({ rulesText: "a substantial cut" })).deny).toBeNull();
  });
  test.each([
    [true, true, "BLACKLIST_KEEPER_SINGLE_SOURCE"],
    [true, false, null],
    [false, true, null],
  ] as const)("block_single_source %s, single source %s → %s", (block, single, deny) => {
    expect(codes(guard({ block_single_source: block }), withMarket({}, { singleSource: single })).deny).toBe(deny);
  });
  test.each([
    [true, "BLACKLIST_KEEPER_AMBIGUOUS_RULES"],
    [false, null],
  ] as const)("an undefined resolution source with block_undefined_source %s → %s", (block, deny) => {
    expect(codes(guard({ block_undefined_source: block }), withMarket({}, { resolutionSource: null, resolutionSources: [] })).deny).toBe(deny);
  });
  test.each([
    [0, 0, null],
    [0, 1, "BLACKLIST_KEEPER_PRIOR_DISPUTE"],
    [1, 1, null],
    [1, 2, "BLACKLIST_KEEPER_PRIOR_DISPUTE"],
  ] as const)("max_prior_disputes %i, disputes %i → %s", (max, disputes, deny) => {
    expect(codes(guard({ max_prior_disputes: max }), withMarket({}, { priorDisputeCount: disputes })).deny).toBe(deny);
  });
  test("every check passed → APPROVE with BLACKLIST_KEEPER_PASS (INFO)", () => {
    expect(codes(guard(), riskCtx())).toEqual({ deny: null, annotations: ["BLACKLIST_KEEPER_PASS"] });
  });
});

describe("blacklistKeeper: BLACKLIST_KEEPER_DATA_UNAVAILABLE (fail closed)", () => {
  const down = { status: "unavailable" as const, reason: "registry file unreadable" };
  test.each<[string, Partial<RiskContext>, string]>([
    ["banned-market registry unreadable", { bannedMarkets: down }, "banned_markets"],
    ["banned-counterparty registry unreadable", { bannedCounterparties: down }, "banned_counterparties"],
    ["banned-market registry older than its TTL", { bannedMarkets: registry([], 300_001) }, "banned_markets"],
    ["banned-counterparty registry older than its TTL", { bannedCounterparties: registry([], 300_001) }, "banned_counterparties"],
    ["metadata missing", { market: unavailableRead("missing") }, "gamma.market"],
    ["metadata discarded as stale", { market: unavailableRead("stale", 400_000) }, "gamma.market"],
    ["metadata older than its TTL", { market: { status: "ok", snapshot: market(), ageMs: 300_001 } }, "gamma.market"],
    ["metadata of another market", { market: { status: "ok", snapshot: market({ outcomes: [{ label: "Yes", tokenId: "7", price: null }] }), ageMs: 0 } }, "gamma.market"],
  ])("%s", (_l, over, source) => {
    const v = guard().evaluate(orderIntent(1n), riskCtx(over));
    expect(v.deny).toMatchObject({ reason_code: "BLACKLIST_KEEPER_DATA_UNAVAILABLE", evidence: { source } });
  });
  test("a registry exactly at its TTL is still fresh", () => {
    expect(codes(guard(), riskCtx({ bannedMarkets: registry([], 300_000) })).deny).toBeNull();
  });
  test("an unreadable registry denies even when the market is banned-free and clean (no fail-open)", () => {
    expect(codes(guard(), riskCtx({ bannedCounterparties: down })).deny).toBe("BLACKLIST_KEEPER_DATA_UNAVAILABLE");
  });
});
