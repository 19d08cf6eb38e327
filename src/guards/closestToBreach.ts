import { type ExposureMetric, exposureMetrics } from "./exposureMetrics";
import type { ReasonCode } from "../core/reasonCodes";
import { resolveExposureLimits } from "./resolveExposureLimits";
import type { ExposureView } from "../core/exposure";
import type { ExposureGuardConfig } from "./riskGuardsConfigSchema";

/** Parameters of {@link closestToBreach}. */
export type ClosestToBreachParameters = {
  exposure: ExposureView;
  config: ExposureGuardConfig;
  /**
   * How fast each metric grows, per minute, keyed like {@link ExposureMetric.key}
   * (`cluster.gross`: pUSD base units per minute; `strategy.envelopes_per_min`: envelopes per
   * minute). Absent or ≤ 0: no estimate.
   */
  ratePerMinute?: Readonly<Partial<Record<string, bigint>>>;
  /** Only caps used strictly more than this (seed 003: "only caps > 80% shown"). Default 80. */
  minUtilisationPct?: number;
};

/** One cap as the console shows it. */
export type BreachEstimate = Pick<ExposureMetric, "key" | "level" | "id" | "metric" | "unit" | "cap"> & {
  used: bigint;
  /** Floored to 0.01 %. */
  utilisationPct: number;
  /** The code the console labels the cap with (seed 003: the near code where one exists). */
  reasonCode: ReasonCode;
  /** Minutes until the cap is reached at `ratePerMinute`; 0 when at or over it; null with no rate. */
  minutesToBreach: number | null;
};

/** The list, most used first. */
export type ClosestToBreachReturnType = BreachEstimate[];

/**
 * Seed 003's "Closest to breach" panel as data: for every cap ExposureGuard enforces for this
 * cluster, market and strategy (the same {@link exposureMetrics} list), its utilisation and an
 * estimated time to breach at the current rate ("96% … ~12m to breach"), sorted by utilisation
 * (exact, cross-multiplied), keeping only caps above `minUtilisationPct`.
 *
 * @param parameters - `{ exposure, config, ratePerMinute?, minUtilisationPct? }`.
 * @returns The caps, most used first.
 * @example
 * closestToBreach({ exposure: view, config: risk.exposure, ratePerMinute: { "cluster.gross": 333_000_000n } })
 * // [{ key: "cluster.gross", utilisationPct: 96, minutesToBreach: 12.01…, reasonCode: "RISK_EXPOSURE_CAP_HIT", … }]
 */
export function closestToBreach({ exposure, config, ratePerMinute = {}, minUtilisationPct = 80 }: ClosestToBreachParameters): ClosestToBreachReturnType {
  const limits = resolveExposureLimits({ config, clusterId: exposure.cluster.id, marketId: exposure.market.id, strategyId: exposure.strategy.id });
  const minBps = BigInt(Math.round(minUtilisationPct * 100));
  return exposureMetrics(exposure, limits, null)
    .filter((m) => m.before * 10_000n > m.cap * minBps)
    .sort((a, b) => {
      const l = a.before * b.cap;
      const r = b.before * a.cap;
      return l === r ? a.key.localeCompare(b.key) : l > r ? -1 : 1;
    })
    .map((m) => {
      const rate = ratePerMinute[m.key] ?? 0n;
      const left = m.cap - m.before;
      return {
        key: m.key,
        level: m.level,
        id: m.id,
        metric: m.metric,
        unit: m.unit,
        used: m.before,
        cap: m.cap,
        utilisationPct: Number((m.before * 10_000n) / m.cap) / 100,
        reasonCode: m.nearCode ?? m.hitCode,
        minutesToBreach: left <= 0n ? 0 : rate > 0n ? Number(left) / Number(rate) : null,
      };
    });
}
