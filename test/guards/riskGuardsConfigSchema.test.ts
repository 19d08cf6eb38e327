import { describe, expect, test } from "vitest";
import { riskGuardsConfigSchema } from "../../src/guards/riskGuardsConfigSchema";

describe("riskGuardsConfigSchema: defaults from the seeds", () => {
  test("an empty section gives every default", () => {
    expect(riskGuardsConfigSchema.parse({})).toEqual({
      compliance: { mode: "hard_guard", operator_region: null, blocked_regions: [], blocked_regions_by_strategy: {}, forbidden_inputs: [], forbidden_inputs_by_strategy: {} },
      market_halt: { mode: "hard_guard" },
      stale_book: { mode: "hard_guard", max_book_age_ms: 15_000, max_clock_skew_ms: 5_000 },
      market_quality: { mode: "hard_guard", max_spread: 0.1, max_slippage_fraction: 0.15, slippage_reference: "best_opposite", require_builder_code: false, builder_code_allowlist: [] },
      blacklist: {
        mode: "limited_live",
        ambiguity_keywords: ["substantial", "primary"],
        block_single_source: true,
        block_undefined_source: true,
        min_hours_to_resolution: 2,
        warn_hours_to_resolution: 4,
        max_prior_disputes: 0,
        market_max_age_ms: 300_000,
        registry_max_age_ms: 300_000,
      },
      exposure: {
        mode: "hard_guard",
        global_gross_cap_usd: 375_000,
        global_net_cap_usd: 375_000,
        cluster: { gross_cap_usd: 100_000, net_cap_usd: 100_000, max_instruments: 20 },
        clusters: {},
        market: { gross_cap_usd: 120_000, net_cap_usd: 120_000 },
        markets: {},
        strategy: { gross_cap_usd: 5_000, net_cap_usd: 5_000, max_order_size_usd: 1_000, max_envelopes_per_min: 60, max_notional_per_min_usd: 10_000 },
        strategies: {},
      },
      drawdown: { mode: "hard_guard", max_intraday_drawdown_pct: 4 },
    });
  });
  test("a partial section keeps the other defaults", () => {
    const c = riskGuardsConfigSchema.parse({ exposure: { global_gross_cap_usd: 250_000, clusters: { FED_RATES: { net_cap_usd: 10 } } } });
    expect(c.exposure.global_gross_cap_usd).toBe(250_000);
    expect(c.exposure.cluster.gross_cap_usd).toBe(100_000);
    expect(c.exposure.clusters).toEqual({ FED_RATES: { net_cap_usd: 10 } });
  });
  test("regions are normalised to upper case, input names to lower case", () => {
    const c = riskGuardsConfigSchema.parse({ compliance: { blocked_regions: ["us", " us-ny "], operator_region: "fr", forbidden_inputs: [" X.Feed "] } });
    expect(c.compliance).toMatchObject({ blocked_regions: ["US", "US-NY"], operator_region: "FR", forbidden_inputs: ["x.feed"] });
  });
});

describe("riskGuardsConfigSchema: errors name the field and the fix", () => {
  test.each([
    [{ exposure: { global_gross_cap_usd: 0 } }, "risk.exposure.global_gross_cap_usd must be > 0 pUSD; set e.g. 375000"],
    [{ exposure: { global_gross_cap_usd: "375000" } }, "risk.exposure.global_gross_cap_usd must be a number of pUSD"],
    [{ exposure: { global_gross_cap_usd: 1.0000001 } }, "risk.exposure.global_gross_cap_usd has more than 6 decimals"],
    [{ exposure: { strategy: { gross_cap_usd: 5000, net_cap_usd: 5000, max_order_size_usd: 1000, max_envelopes_per_min: 1.5, max_notional_per_min_usd: 1 } } }, "risk.exposure.strategy.max_envelopes_per_min must be a whole number"],
    [{ exposure: { clusters: { A: { max_instruments: 0 } } } }, "risk.exposure.clusters.<id>.max_instruments must be at least 1"],
    [{ exposure: { strategies: { s: { max_size: 10 } } } }, "max_size"],
    [{ drawdown: { max_intraday_drawdown_pct: 0 } }, "risk.drawdown.max_intraday_drawdown_pct must be > 0 %; set e.g. 4"],
    [{ drawdown: { max_intraday_drawdown_pct: 4.125 } }, "risk.drawdown.max_intraday_drawdown_pct has more than 2 decimals"],
    [{ stale_book: { max_book_age_ms: 0 } }, "risk.stale_book.max_book_age_ms must be at least 1 ms"],
    [{ market_quality: { max_spread: 1.5 } }, "risk.market_quality.max_spread must be at most 1"],
    [{ market_quality: { max_slippage: 0.05 } }, "risk.market_quality.max_slippage (an absolute price distance) was replaced by max_slippage_fraction"],
    [{ market_quality: { max_slippage_fraction: -0.01 } }, "risk.market_quality.max_slippage_fraction must be >= 0"],
    [{ market_quality: { max_slippage_fraction: 1.5 } }, "risk.market_quality.max_slippage_fraction must be at most 1"],
    [{ market_quality: { max_slippage_fraction: "10%" } }, "risk.market_quality.max_slippage_fraction must be a fraction of the reference price"],
    [{ market_quality: { builder_code_allowlist: [`0x${"ab".repeat(32)}`] } }, "builder_code_allowlist needs require_builder_code: true"],
    [{ market_quality: { require_builder_code: true, builder_code_allowlist: ["0x12"] } }, "risk.market_quality.builder_code_allowlist must be bytes32 hex"],
    [{ blacklist: { min_hours_to_resolution: 5 } }, "risk.blacklist.warn_hours_to_resolution must be >= min_hours_to_resolution"],
    [{ blacklist: { max_prior_disputes: -1 } }, "risk.blacklist.max_prior_disputes must be >= 0"],
    [{ blacklist: { ambiguity_keywords: [" "] } }, "risk.blacklist.ambiguity_keywords must not contain empty words"],
    [{ blacklist: { mode: "yolo" } }, "risk.blacklist.mode must be one of shadow_only, limited_live, hard_guard, quarantine"],
    [{ compliance: { blocked_regions: ["USA"] } }, "risk.compliance.blocked_regions must be an ISO 3166 region code"],
    [{ exposur: {} }, "exposur"],
  ])("%j", (input, message) => {
    const r = riskGuardsConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join("\n")).toContain(message);
  });
});
