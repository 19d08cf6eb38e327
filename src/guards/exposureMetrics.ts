import type { ReasonCode } from "../core/reasonCodes";
import type { ExposureLimits } from "./resolveExposureLimits";
import type { ExposureView } from "../core/exposure";

/** One capped quantity: where it is, what it measures, how much is used and the cap. */
export type ExposureMetric = {
  /** e.g. `cluster.gross`, `strategy.notional_per_min`. */
  key: string;
  level: "global" | "cluster" | "market" | "strategy" | "throttle";
  /** The bucket's id (cluster id, condition id, strategy id; `global`). */
  id: string;
  metric: "gross" | "net" | "instruments" | "envelopes_per_min" | "notional_per_min";
  /** `micros`: pUSD base units; `count`: instruments or envelopes. */
  unit: "micros" | "count";
  /** Used before the order (|net| for net caps). */
  before: bigint;
  /** Used if the order is signed; equals `before` when no order is given. */
  after: bigint;
  cap: bigint;
  /** The code a breach denies with. */
  hitCode: ReasonCode;
  /** The code above 80 % warns with (per-strategy caps and throttles only). */
  nearCode: ReasonCode | null;
};

/** The order's contribution: gross += notional; net += notional (BUY) or −notional (SELL). */
export type ExposureOrderDelta = { notionalMicros: bigint; side: "BUY" | "SELL"; newInstrument: boolean };

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/**
 * Every cap ExposureGuard enforces (seed 003: global, cluster, market and strategy gross and net;
 * cluster instruments; the strategy's envelopes/min and notional/min throttles), with usage before
 * and after an optional order. ExposureGuard judges the `after`s, closest-to-breach reports the
 * `before`s: one list, so the console shows exactly what the guard enforces.
 *
 * @param view - Exposure before the order.
 * @param limits - From {@link resolveExposureLimits}.
 * @param order - The order's contribution, or `null` for current usage only.
 * @returns The metrics, global first, throttles last.
 * @example
 * exposureMetrics(view, limits, { notionalMicros: 5_000_000n, side: "BUY", newInstrument: false })
 */
export function exposureMetrics(view: ExposureView, limits: ExposureLimits, order: ExposureOrderDelta | null): ExposureMetric[] {
  const n = order?.notionalMicros ?? 0n;
  const signed = order === null ? 0n : order.side === "BUY" ? n : -n;
  // One list, built in place (no spread or intermediate arrays: ExposureGuard makes it for every order).
  const out: ExposureMetric[] = [];
  const money = (
    level: "global" | "cluster" | "market" | "strategy",
    bucket: { id: string; grossMicros: bigint; netMicros: bigint },
    caps: { grossCapMicros: bigint; netCapMicros: bigint },
  ): void => {
    const nearCode: ReasonCode | null = level === "strategy" ? "RISK_STRATEGY_CAP_NEAR" : null;
    const keys = MONEY_KEYS[level];
    out.push(
      { level, id: bucket.id, unit: "micros", hitCode: "RISK_EXPOSURE_CAP_HIT", nearCode, key: keys.gross, metric: "gross", before: bucket.grossMicros, after: bucket.grossMicros + n, cap: caps.grossCapMicros },
      { level, id: bucket.id, unit: "micros", hitCode: "RISK_EXPOSURE_CAP_HIT", nearCode, key: keys.net, metric: "net", before: abs(bucket.netMicros), after: abs(bucket.netMicros + signed), cap: caps.netCapMicros },
    );
  };
  const instruments = BigInt(view.cluster.instruments);
  const envelopes = BigInt(view.strategy.envelopesLastMinute);
  money("global", view.global, limits.global);
  money("cluster", view.cluster, limits.cluster);
  out.push({
    key: "cluster.instruments",
    level: "cluster",
    id: view.cluster.id,
    metric: "instruments",
    unit: "count",
    before: instruments,
    after: instruments + (order?.newInstrument ? 1n : 0n),
    cap: BigInt(limits.cluster.maxInstruments),
    hitCode: "RISK_EXPOSURE_CAP_HIT",
    nearCode: null,
  });
  money("market", view.market, limits.market);
  money("strategy", view.strategy, limits.strategy);
  out.push(
    {
      level: "throttle",
      id: view.strategy.id,
      hitCode: "EXEC_RATE_LIMIT_EXCEEDED",
      nearCode: "EXEC_RATE_LIMIT_NEAR",
      key: "strategy.envelopes_per_min",
      metric: "envelopes_per_min",
      unit: "count",
      before: envelopes,
      after: envelopes + (order === null ? 0n : 1n),
      cap: BigInt(limits.strategy.maxEnvelopesPerMin),
    },
    {
      level: "throttle",
      id: view.strategy.id,
      hitCode: "EXEC_RATE_LIMIT_EXCEEDED",
      nearCode: "EXEC_RATE_LIMIT_NEAR",
      key: "strategy.notional_per_min",
      metric: "notional_per_min",
      unit: "micros",
      before: view.strategy.notionalLastMinuteMicros,
      after: view.strategy.notionalLastMinuteMicros + n,
      cap: limits.strategy.maxNotionalPerMinMicros,
    },
  );
  return out;
}

/** The money metrics' keys, spelled once. */
const MONEY_KEYS = {
  global: { gross: "global.gross", net: "global.net" },
  cluster: { gross: "cluster.gross", net: "cluster.net" },
  market: { gross: "market.gross", net: "market.net" },
  strategy: { gross: "strategy.gross", net: "strategy.net" },
} as const;
