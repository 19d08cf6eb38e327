import type { ExposureGuardConfig } from "./riskGuardsConfigSchema";

/** ExposureGuard's limits for one order's cluster, market and strategy, in pUSD base units. */
export type ExposureLimits = {
  global: { grossCapMicros: bigint; netCapMicros: bigint };
  cluster: { grossCapMicros: bigint; netCapMicros: bigint; maxInstruments: number };
  market: { grossCapMicros: bigint; netCapMicros: bigint };
  strategy: {
    grossCapMicros: bigint;
    netCapMicros: bigint;
    maxOrderSizeMicros: bigint;
    maxEnvelopesPerMin: number;
    maxNotionalPerMinMicros: bigint;
  };
};

/** Parameters of {@link resolveExposureLimits}. */
export type ResolveExposureLimitsParameters = {
  config: ExposureGuardConfig;
  clusterId: string;
  /** Condition id; overrides are keyed lower-case. */
  marketId: string;
  strategyId: string;
};

// The schema allows at most 6 decimals and 1e9 pUSD, so `v * 1e6` is an exact integer below 2^53.
const micros = (usd: number): bigint => BigInt(Math.round(usd * 1e6));

/**
 * Applies seed 003's override tables ("Blank = use global default"): a cluster, market or strategy
 * row overrides the default field by field. Amounts leave as pUSD base units (bigint), so every cap
 * comparison is exact.
 *
 * @param parameters - `{ config, clusterId, marketId, strategyId }`.
 * @returns The limits that apply.
 * @example
 * resolveExposureLimits({ config: riskGuardsConfigSchema.parse({}).exposure, clusterId: "FED_RATES", marketId: "0x…", strategyId: "nba-mm" })
 *   .global.grossCapMicros // 375000000000n
 */
export function resolveExposureLimits({ config, clusterId, marketId, strategyId }: ResolveExposureLimitsParameters): ExposureLimits {
  const cluster = { ...config.cluster, ...config.clusters[clusterId] };
  const market = { ...config.market, ...config.markets[marketId.toLowerCase()] };
  const strategy = { ...config.strategy, ...config.strategies[strategyId] };
  return {
    global: { grossCapMicros: micros(config.global_gross_cap_usd), netCapMicros: micros(config.global_net_cap_usd) },
    cluster: { grossCapMicros: micros(cluster.gross_cap_usd), netCapMicros: micros(cluster.net_cap_usd), maxInstruments: cluster.max_instruments },
    market: { grossCapMicros: micros(market.gross_cap_usd), netCapMicros: micros(market.net_cap_usd) },
    strategy: {
      grossCapMicros: micros(strategy.gross_cap_usd),
      netCapMicros: micros(strategy.net_cap_usd),
      maxOrderSizeMicros: micros(strategy.max_order_size_usd),
      maxEnvelopesPerMin: strategy.max_envelopes_per_min,
      maxNotionalPerMinMicros: micros(strategy.max_notional_per_min_usd),
    },
  };
}
