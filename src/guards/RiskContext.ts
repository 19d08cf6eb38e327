import type { TokenClusterLookup } from "../market/createClusterResolver";
import type { BookSnapshot, MarketSnapshot, SnapshotRead } from "../market/types";

/** A value the signing path read from memory, or why it could not (the guard then fails closed). */
export type Availability<T> = { status: "ok"; value: T; ageMs: number } | { status: "unavailable"; reason: string };

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

/** Everything DrawdownGuard reads: equity now and at the start of the trading day (UTC). */
export type DrawdownView = {
  startOfDayEquityMicros: bigint;
  currentEquityMicros: bigint;
};

/** A named operator registry (banned markets, banned counterparties) and how fresh it is. */
export type RegistryView = { ids: ReadonlySet<string> };

/**
 * What the risk guards (seed 003 and 002) read for an order, assembled from memory by Warden right
 * before the pipeline runs. Missing or stale pieces arrive as `unavailable`, never as defaults.
 */
export type RiskContext = {
  /** Gamma metadata of the order's market. */
  market: SnapshotRead<MarketSnapshot>;
  /** CLOB book of the order's token. */
  book: SnapshotRead<BookSnapshot>;
  /** Token → condition → operator-assigned cluster. */
  cluster: TokenClusterLookup;
  exposure: Availability<ExposureView>;
  drawdown: Availability<DrawdownView>;
  bannedMarkets: Availability<RegistryView>;
  bannedCounterparties: Availability<RegistryView>;
  /** What the strategy declared with the request (ComplianceGate, BlacklistKeeper). */
  declared: {
    /** Region the strategy runs from (ISO 3166-1 alpha-2), if its operator configured one. */
    region: string | null;
    /** Data inputs the strategy says this intent used. */
    inputs: readonly string[];
    /** Counterparty wallet, when the strategy knows it (RFQ, block trade); lower-case. */
    counterparty: string | null;
  };
};
