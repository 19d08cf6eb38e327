import { z } from "zod";

const guardMode = (field: string) =>
  z.enum(["shadow_only", "limited_live", "hard_guard", "quarantine"], {
    error: `${field} must be one of shadow_only, limited_live, hard_guard, quarantine`,
  });

/** pUSD amounts: positive, finite, at most 6 decimals (pUSD's precision), at most 1e9. */
const pusd = (field: string, example: number) =>
  z
    .number({ error: `${field} must be a number of pUSD; set e.g. ${example}` })
    .positive({ error: `${field} must be > 0 pUSD; set e.g. ${example}` })
    .max(1e9, { error: `${field} must be at most 1000000000 pUSD; lower it` })
    .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, {
      error: `${field} has more than 6 decimals; pUSD has 6, round it`,
    });

const count = (field: string, example: number) =>
  z
    .number({ error: `${field} must be a number; set e.g. ${example}` })
    .int({ error: `${field} must be a whole number; set e.g. ${example}` })
    .min(1, { error: `${field} must be at least 1; set e.g. ${example}` })
    .max(1_000_000, { error: `${field} must be at most 1000000; lower it` });

/** A price distance in pUSD per share (prices are in [0, 1]), at most 6 decimals. */
const priceDistance = (field: string, example: number) =>
  z
    .number({ error: `${field} must be a price distance in pUSD per share; set e.g. ${example}` })
    .min(0, { error: `${field} must be >= 0; set e.g. ${example}` })
    .max(1, { error: `${field} must be at most 1 (prices are in [0, 1]); set e.g. ${example}` })
    .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, {
      error: `${field} has more than 6 decimals; round it`,
    });

/** A fraction of a price (0.1 = 10 %), at most 6 decimals. */
const priceFraction = (field: string, example: number) =>
  z
    .number({ error: `${field} must be a fraction of the reference price; set e.g. ${example} (${example * 100} %)` })
    .min(0, { error: `${field} must be >= 0; set e.g. ${example}` })
    .max(1, { error: `${field} must be at most 1 (100 % of the price); set e.g. ${example}` })
    .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, {
      error: `${field} has more than 6 decimals; round it`,
    });

const hours = (field: string, example: number) =>
  z
    .number({ error: `${field} must be a number of hours; set e.g. ${example}` })
    .min(0, { error: `${field} must be >= 0 hours; set e.g. ${example}` })
    .max(8760, { error: `${field} must be at most 8760 hours (a year); lower it` });

const ms = (field: string, example: number, min: number) =>
  z
    .number({ error: `${field} must be a number of milliseconds; set e.g. ${example}` })
    .int({ error: `${field} must be whole milliseconds; set e.g. ${example}` })
    .min(min, { error: `${field} must be at least ${min} ms; set e.g. ${example}` })
    .max(86_400_000, { error: `${field} must be at most 86400000 ms (a day); lower it` });

/** ISO 3166-1 alpha-2 (`US`) or ISO 3166-2 (`US-NY`), any case; stored upper-case. */
const region = (field: string) =>
  z
    .string({ error: `${field} must be an ISO 3166 region code such as "US" or "US-NY"` })
    .transform((r) => r.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { error: `${field} must be an ISO 3166 region code such as "US" or "US-NY"` }));

const inputName = (field: string) =>
  z
    .string({ error: `${field} must be input names such as "x.sentiment"` })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().min(1, { error: `${field} must not contain empty input names` }));

const bytes32 = (field: string) =>
  z
    .string({ error: `${field} must be bytes32 hex builder codes` })
    .regex(/^0x[0-9a-fA-F]{64}$/, { error: `${field} must be bytes32 hex builder codes (0x + 64 hex digits)` })
    .transform((s) => s.toLowerCase());

/** ComplianceGate: geofence and forbidden inputs. Empty lists switch a check off. */
const complianceSchema = z
  .object({
    mode: guardMode("risk.compliance.mode").default("hard_guard"),
    /** The operator's own region; checked along with the strategy's declared one. */
    operator_region: region("risk.compliance.operator_region").nullable().default(null),
    blocked_regions: z.array(region("risk.compliance.blocked_regions")).default([]),
    /** Strategy id → regions blocked for it, on top of `blocked_regions`. */
    blocked_regions_by_strategy: z.record(z.string(), z.array(region("risk.compliance.blocked_regions_by_strategy"))).default({}),
    forbidden_inputs: z.array(inputName("risk.compliance.forbidden_inputs")).default([]),
    /** Strategy id → inputs forbidden for it, on top of `forbidden_inputs`. */
    forbidden_inputs_by_strategy: z.record(z.string(), z.array(inputName("risk.compliance.forbidden_inputs_by_strategy"))).default({}),
  })
  .strict();

const marketHaltSchema = z.object({ mode: guardMode("risk.market_halt.mode").default("hard_guard") }).strict();

const staleBookSchema = z
  .object({
    mode: guardMode("risk.stale_book.mode").default("hard_guard"),
    /** Seed 003: "staleness window", RISK_BOOK_STALE_15S. A book older than this denies. */
    max_book_age_ms: ms("risk.stale_book.max_book_age_ms", 15_000, 1).default(15_000),
    /** A book stamped further in the future than this is as untrustworthy as an old one. */
    max_clock_skew_ms: ms("risk.stale_book.max_clock_skew_ms", 5_000, 0).default(5_000),
  })
  .strict();

const marketQualitySchema = z
  .object({
    mode: guardMode("risk.market_quality.mode").default("hard_guard"),
    /** Widest acceptable `bestAsk - bestBid`, pUSD per share (seed 003: 10 %). */
    max_spread: priceDistance("risk.market_quality.max_spread", 0.1).default(0.1),
    /**
     * How far the order's limit price may sit past the reference in the adverse direction, as a
     * fraction of the reference: BUY ≤ ref × (1 + f), SELL ≥ ref × (1 − f). Relative, so a cheap
     * market is bounded too (an absolute 0.05 passed every SELL on a book bid at 0.03). 15 % is the
     * old absolute 0.05 at a price of 1/3: it keeps what that allowed on mid-priced books.
     */
    max_slippage_fraction: priceFraction("risk.market_quality.max_slippage_fraction", 0.15).default(0.15),
    /** Replaced by max_slippage_fraction: refused with a message saying so, never silently ignored. */
    max_slippage: z
      .never({
        error:
          "risk.market_quality.max_slippage (an absolute price distance) was replaced by max_slippage_fraction (a fraction of the reference price); remove it and set e.g. max_slippage_fraction: 0.15",
      })
      .optional(),
    /** BUY compares with the best ask (SELL the best bid), or both with the mid. */
    slippage_reference: z
      .enum(["best_opposite", "mid"], { error: "risk.market_quality.slippage_reference must be best_opposite or mid" })
      .default("best_opposite"),
    require_builder_code: z.boolean({ error: "risk.market_quality.require_builder_code must be true or false" }).default(false),
    /** When non-empty (and a code is required), the order's builder code must be one of these. */
    builder_code_allowlist: z.array(bytes32("risk.market_quality.builder_code_allowlist")).default([]),
  })
  .strict()
  .refine((c) => c.builder_code_allowlist.length === 0 || c.require_builder_code, {
    error: "risk.market_quality.builder_code_allowlist needs require_builder_code: true; set it or remove the allowlist",
    path: ["builder_code_allowlist"],
  });

const blacklistSchema = z
  .object({
    /** Seed 002: default mode limited_live. */
    mode: guardMode("risk.blacklist.mode").default("limited_live"),
    /** Whole-word, case-insensitive matches in the rules text (seed 002 names these two). */
    ambiguity_keywords: z
      .array(
        z
          .string({ error: "risk.blacklist.ambiguity_keywords must be words such as \"substantial\"" })
          .transform((s) => s.trim())
          .pipe(z.string().min(1, { error: "risk.blacklist.ambiguity_keywords must not contain empty words" })),
      )
      .default(["substantial", "primary"]),
    block_single_source: z.boolean({ error: "risk.blacklist.block_single_source must be true or false" }).default(true),
    /** Seed 002 lists undefined resolution sources among the ambiguity signals. */
    block_undefined_source: z.boolean({ error: "risk.blacklist.block_undefined_source must be true or false" }).default(true),
    /** HARD below this (seed 002: 2 h, the UMA challenge period). */
    min_hours_to_resolution: hours("risk.blacklist.min_hours_to_resolution", 2).default(2),
    /** WARN below this and at or above the hard threshold (seed 002: 4 h). */
    warn_hours_to_resolution: hours("risk.blacklist.warn_hours_to_resolution", 4).default(4),
    /** More recorded disputes than this denies (seed 002: any prior dispute). */
    max_prior_disputes: z
      .number({ error: "risk.blacklist.max_prior_disputes must be a number; set e.g. 0" })
      .int({ error: "risk.blacklist.max_prior_disputes must be a whole number; set e.g. 0" })
      .min(0, { error: "risk.blacklist.max_prior_disputes must be >= 0; set e.g. 0" })
      .default(0),
    /** Gamma metadata older than this is stale (the snapshot store's market TTL). */
    market_max_age_ms: ms("risk.blacklist.market_max_age_ms", 300_000, 1).default(300_000),
    /** Banned-market / banned-counterparty registries older than this are stale. */
    registry_max_age_ms: ms("risk.blacklist.registry_max_age_ms", 300_000, 1).default(300_000),
  })
  .strict()
  .refine((c) => c.warn_hours_to_resolution >= c.min_hours_to_resolution, {
    error: "risk.blacklist.warn_hours_to_resolution must be >= min_hours_to_resolution; raise it (e.g. 4 with 2)",
    path: ["warn_hours_to_resolution"],
  });

const clusterLimits = (at: string) =>
  z
    .object({
      gross_cap_usd: pusd(`${at}.gross_cap_usd`, 100_000),
      net_cap_usd: pusd(`${at}.net_cap_usd`, 100_000),
      max_instruments: count(`${at}.max_instruments`, 20),
    })
    .strict();

const marketLimits = (at: string) =>
  z.object({ gross_cap_usd: pusd(`${at}.gross_cap_usd`, 120_000), net_cap_usd: pusd(`${at}.net_cap_usd`, 120_000) }).strict();

const strategyLimits = (at: string) =>
  z
    .object({
      gross_cap_usd: pusd(`${at}.gross_cap_usd`, 5_000),
      net_cap_usd: pusd(`${at}.net_cap_usd`, 5_000),
      max_order_size_usd: pusd(`${at}.max_order_size_usd`, 1_000),
      max_envelopes_per_min: count(`${at}.max_envelopes_per_min`, 60),
      max_notional_per_min_usd: pusd(`${at}.max_notional_per_min_usd`, 10_000),
    })
    .strict();

const CLUSTER_DEFAULT = { gross_cap_usd: 100_000, net_cap_usd: 100_000, max_instruments: 20 };
const MARKET_DEFAULT = { gross_cap_usd: 120_000, net_cap_usd: 120_000 };
const STRATEGY_DEFAULT = {
  gross_cap_usd: 5_000,
  net_cap_usd: 5_000,
  max_order_size_usd: 1_000,
  max_envelopes_per_min: 60,
  max_notional_per_min_usd: 10_000,
};

/**
 * ExposureGuard. Seed 003's tables: per-cluster and per-strategy rows override the defaults field
 * by field ("Blank = use global default"). Net caps default to the gross caps, so they bind only
 * once lowered (|net| never exceeds gross).
 */
const exposureSchema = z
  .object({
    mode: guardMode("risk.exposure.mode").default("hard_guard"),
    global_gross_cap_usd: pusd("risk.exposure.global_gross_cap_usd", 375_000).default(375_000),
    global_net_cap_usd: pusd("risk.exposure.global_net_cap_usd", 375_000).default(375_000),
    cluster: clusterLimits("risk.exposure.cluster").default(CLUSTER_DEFAULT),
    clusters: z.record(z.string(), clusterLimits("risk.exposure.clusters.<id>").partial()).default({}),
    market: marketLimits("risk.exposure.market").default(MARKET_DEFAULT),
    /** Condition id (lower-case hex) → overrides. */
    markets: z.record(z.string(), marketLimits("risk.exposure.markets.<id>").partial()).default({}),
    strategy: strategyLimits("risk.exposure.strategy").default(STRATEGY_DEFAULT),
    strategies: z.record(z.string(), strategyLimits("risk.exposure.strategies.<id>").partial()).default({}),
  })
  .strict();

const drawdownSchema = z
  .object({
    mode: guardMode("risk.drawdown.mode").default("hard_guard"),
    /** Seed 003: 4 % intraday. Two decimals at most (compared in basis points). */
    max_intraday_drawdown_pct: z
      .number({ error: "risk.drawdown.max_intraday_drawdown_pct must be a percentage; set e.g. 4" })
      .positive({ error: "risk.drawdown.max_intraday_drawdown_pct must be > 0 %; set e.g. 4" })
      .max(100, { error: "risk.drawdown.max_intraday_drawdown_pct must be at most 100 %; lower it" })
      .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, {
        error: "risk.drawdown.max_intraday_drawdown_pct has more than 2 decimals; round it (e.g. 4.25)",
      })
      .default(4),
  })
  .strict();

/**
 * The risk guards' configuration (seeds 002 and 003), with every default in one place; Warden
 * nests it under `risk`. Unknown keys are errors and every message names the field and the fix.
 *
 * @example
 * const risk = riskGuardsConfigSchema.parse({ exposure: { global_gross_cap_usd: 250_000 } })
 * risk.drawdown.max_intraday_drawdown_pct // 4
 */
export const riskGuardsConfigSchema = z
  .object({
    compliance: complianceSchema.prefault({}),
    market_halt: marketHaltSchema.prefault({}),
    stale_book: staleBookSchema.prefault({}),
    market_quality: marketQualitySchema.prefault({}),
    blacklist: blacklistSchema.prefault({}),
    exposure: exposureSchema.prefault({}),
    drawdown: drawdownSchema.prefault({}),
  })
  .strict();

/** The validated risk config. */
export type RiskGuardsConfig = z.infer<typeof riskGuardsConfigSchema>;
/** What an operator writes (defaults omitted). */
export type RiskGuardsConfigInput = z.input<typeof riskGuardsConfigSchema>;
export type ComplianceGateConfig = RiskGuardsConfig["compliance"];
export type MarketHaltGuardConfig = RiskGuardsConfig["market_halt"];
export type StaleBookGuardConfig = RiskGuardsConfig["stale_book"];
export type MarketQualityGuardConfig = RiskGuardsConfig["market_quality"];
export type BlacklistKeeperConfig = RiskGuardsConfig["blacklist"];
export type ExposureGuardConfig = RiskGuardsConfig["exposure"];
export type DrawdownGuardConfig = RiskGuardsConfig["drawdown"];
