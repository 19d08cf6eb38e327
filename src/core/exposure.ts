/**
 * Exposure vocabulary shared by the guards (which judge it), the stores (which derive it from the
 * audit log) and the use cases (which assemble it for an order).
 */

/** Gross and net exposure of one bucket, pUSD base units (6 decimals), before the current order. */
export type ExposureBucket = {
  id: string;
  /** Sum of |notional| of signed, not yet cancelled/expired orders plus filled positions at cost. */
  grossMicros: bigint;
  /** Signed sum: BUY adds, SELL subtracts. */
  netMicros: bigint;
};

/** Everything ExposureGuard reads: the four levels and the strategy's throttles. */
export type ExposureView = {
  global: ExposureBucket;
  cluster: ExposureBucket & { instruments: number; instrumentIds: readonly string[] };
  market: ExposureBucket;
  strategy: ExposureBucket & {
    /** Orders signed for this strategy in the last 60 s (a sliding window). */
    envelopesLastMinute: number;
    /** Notional signed for this strategy in the last 60 s, pUSD base units. */
    notionalLastMinuteMicros: bigint;
  };
};

/** One signed order's claim on exposure, recorded with its approval. */
export type ExposureEntry = {
  intent_id: string;
  strategy_id: string;
  cluster_id: string;
  condition_id: string;
  side: "BUY" | "SELL";
  notional_micros: bigint;
  at_ms: number;
};

/** Filled positions, marked at cost, by market and cluster (from the positions snapshot). */
export type PositionExposure = {
  global: { grossMicros: bigint; netMicros: bigint };
  byCluster: ReadonlyMap<string, { grossMicros: bigint; netMicros: bigint; conditions: ReadonlySet<string> }>;
  byMarket: ReadonlyMap<string, { grossMicros: bigint; netMicros: bigint }>;
};

/**
 * A read-only view of the exposure of signed orders still open, as a store derives it. `version`
 * changes with every add and release: the decision commit compares it (compare-and-reserve).
 */
export interface ExposureReader {
  readonly version: number;
  view(p: { strategyId: string; clusterId: string; conditionId: string; nowMs: number; positions: PositionExposure }): ExposureView;
  /** Signed orders still holding exposure (never released: age alone ends none), oldest first. */
  openOrders(): ExposureEntry[];
  /** How many orders hold exposure, and the oldest one's time on the store's clock (null when none). */
  held(): { count: number; oldestClockMs: number | null };
  has(intentId: string): boolean;
}
