import type { TokenClusterLookup } from "../market/createClusterResolver";
import type { BookSnapshot, MarketSnapshot, SnapshotRead } from "../market/types";
import type { ExposureView } from "../core/exposure";

/** A value the signing path read from memory, or why it could not (the guard then fails closed). */
export type Availability<T> = { status: "ok"; value: T; ageMs: number } | { status: "unavailable"; reason: string };

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
