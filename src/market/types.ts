/**
 * The market data port: normalized snapshots of Polymarket market metadata (Gamma), order books
 * (CLOB) and positions (data API), and the {@link MarketDataSource} interface every adapter
 * implements (HTTP, fixture file).
 *
 * Conventions shared by every snapshot:
 * - `source` names the adapter and its origin (`"gamma:https://gamma-api.polymarket.com"`,
 *   `"fixture:fixtures/markets.json"`), so an audit record says where a fact came from.
 * - `fetchedAtMs` is when Warden received the data (unix ms, Warden's clock).
 * - `asOfMs` is how old the data itself is: `fetchedAtMs` for metadata and positions, and the
 *   older of the book's server `timestamp` and `fetchedAtMs` for books. Age = `now - asOfMs`.
 * - Prices are numbers in [0, 1] (pUSD per share). Money (pUSD) and share quantities are bigint
 *   micro-units (6 decimals, like pUSD and CTF tokens on chain).
 * - Ids are normalized: condition ids and addresses lower-case hex, token ids decimal strings.
 */

/** A 0x-prefixed hex string. */
export type Hex = `0x${string}`;

/** Where a snapshot came from and how old it is; carried by every snapshot. */
export type SnapshotStamp = {
  /** Adapter and origin, e.g. `"clob:https://clob.polymarket.com"` or `"fixture:inline"`. */
  readonly source: string;
  /** When Warden received the data, unix ms. */
  readonly fetchedAtMs: number;
  /** The time the data describes, unix ms; its age is `now - asOfMs`. */
  readonly asOfMs: number;
};

/** UMA optimistic-oracle status of a market's question, as Gamma reports it. */
export type UmaResolutionStatus = "requested" | "proposed" | "disputed" | "resolved" | "settled";

/** Which token family a market trades: `"v1"` CTF token ids, `"v2"` PositionManager position ids. */
export type MarketProtocolVersion = "v1" | "v2";

/** One outcome of a market and the id its orders use. */
export type MarketOutcome = {
  /** Outcome label, e.g. `"Yes"`. */
  readonly label: string;
  /** Trading id of this outcome (decimal string): `clobTokenIds` for v1, `positionIds` for v2. */
  readonly tokenId: string;
  /** Gamma's indicative price in [0, 1], or `null` when Gamma gave none. Not a book price. */
  readonly price: number | null;
};

/** Trading state flags of a market. */
export type MarketState = {
  readonly active: boolean;
  readonly closed: boolean;
  readonly archived: boolean;
  readonly acceptingOrders: boolean;
  readonly enableOrderBook: boolean;
  /** The UMA question is resolved or settled (`umaResolutionStatus` is `resolved`/`settled`). */
  readonly resolved: boolean;
  /** Not closed, yet not taking orders (`acceptingOrders` or `enableOrderBook` is false). */
  readonly halted: boolean;
  /** Everything a trade needs: active, not closed/archived/resolved, accepting orders, book on. */
  readonly tradable: boolean;
};

/** UMA resolution facts a blacklist needs. */
export type MarketResolutionInfo = {
  /** Gamma `resolutionSource`, trimmed; `null` when empty or absent (an undefined source). */
  readonly resolutionSource: string | null;
  /**
   * Distinct sources named in `resolutionSource`: its URLs when it has any, otherwise the whole
   * text as one source; empty when `resolutionSource` is `null`.
   */
  readonly resolutionSources: readonly string[];
  /** Exactly one resolution source is named. */
  readonly singleSource: boolean;
  /** Scheduled end, unix ms (Gamma `endDate`). */
  readonly endDateMs: number;
  /** Current UMA status, `null` when no request exists yet. */
  readonly umaResolutionStatus: UmaResolutionStatus | null;
  /** Status history decoded from Gamma's JSON-encoded `umaResolutionStatuses`, oldest first. */
  readonly umaResolutionStatuses: readonly string[];
  /** Disputes seen: `"disputed"` entries in the history, at least 1 if currently disputed. */
  readonly priorDisputeCount: number;
  /** UMA bond as Gamma's decimal string, `null` when absent. */
  readonly umaBond: string | null;
  /** Per-question UMA liveness override in seconds, `null` when the default (2 h) applies. */
  readonly customLivenessSec: number | null;
};

/** Normalized Gamma market metadata. */
export type MarketSnapshot = SnapshotStamp & {
  readonly kind: "market";
  /** Gamma's market id. */
  readonly marketId: string;
  /** Lower-case bytes32 condition id. */
  readonly conditionId: Hex;
  readonly questionId: Hex | null;
  readonly question: string;
  readonly slug: string | null;
  /** The rules text (Gamma `description`), verbatim. */
  readonly rulesText: string;
  readonly protocolVersion: MarketProtocolVersion;
  /** Outcomes in Gamma's order (index 0 is usually "Yes"). */
  readonly outcomes: readonly MarketOutcome[];
  readonly state: MarketState;
  readonly resolution: MarketResolutionInfo;
  readonly negRisk: boolean;
  readonly negRiskMarketId: string | null;
  /** Minimum price increment, `null` when Gamma gave none. */
  readonly tickSize: number | null;
  /** Minimum order size in shares, `null` when Gamma gave none. */
  readonly minOrderSize: number | null;
};

/** One price level of a book. */
export type BookLevel = {
  /** Price in [0, 1]. */
  readonly price: number;
  /** Shares resting at this price. */
  readonly size: number;
};

/** Normalized CLOB order book of one token (`GET /book?token_id=`). */
export type BookSnapshot = SnapshotStamp & {
  readonly kind: "book";
  readonly tokenId: string;
  /** Lower-case condition id (`market` in the CLOB payload). */
  readonly conditionId: Hex;
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[];
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[];
  /** `null` when the side is empty. */
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
  /** `(bestBid + bestAsk) / 2`, `null` unless both sides exist. */
  readonly mid: number | null;
  /** `bestAsk - bestBid`, `null` unless both sides exist; ≤ 0 means a crossed book. */
  readonly spread: number | null;
  readonly tickSize: number;
  readonly minOrderSize: number;
  readonly negRisk: boolean;
  /** The CLOB's book hash. */
  readonly hash: string;
  /** `null` when the CLOB sent none. */
  readonly lastTradePrice: number | null;
  /** The CLOB's own `timestamp` of this book, unix ms. */
  readonly bookTimestampMs: number;
};

/** One filled position of a wallet (data API `GET /positions`). */
export type Position = {
  readonly tokenId: string;
  readonly conditionId: Hex;
  readonly outcome: string | null;
  readonly outcomeIndex: number | null;
  /** Shares held, micro-units (6 decimals). */
  readonly sizeMicros: bigint;
  /** Average entry price in [0, 1]. */
  readonly avgPrice: number;
  /** Current price the data API marks the position at. */
  readonly curPrice: number;
  /** Cost basis, pUSD micro-units. */
  readonly initialValueMicros: bigint;
  /** Marked value, pUSD micro-units. */
  readonly currentValueMicros: bigint;
  /** Unrealized PnL, pUSD micro-units (may be negative). */
  readonly cashPnlMicros: bigint;
  readonly redeemable: boolean | null;
  readonly mergeable: boolean | null;
  readonly negativeRisk: boolean | null;
  readonly title: string | null;
};

/** All positions of one wallet. An empty list means the source reported none. */
export type PositionsSnapshot = SnapshotStamp & {
  readonly kind: "positions";
  /** Lower-case wallet address. */
  readonly wallet: Hex;
  readonly positions: readonly Position[];
};

/**
 * The market data port. Every method resolves to a fresh-enough snapshot or rejects with a
 * {@link import("../errors/marketErrors.js").MarketDataUnavailableError} subclass: never a default value.
 *
 * @example
 * ```ts
 * const source: MarketDataSource = await loadFixtureMarketDataSource({ path: "fixtures/markets.json" });
 * const market = await source.getMarketByTokenId("56050775050513754249968416146311773202039231612794917583797412702471556383608");
 * market.negRisk; // true
 * ```
 */
export interface MarketDataSource {
  /** Market metadata by bytes32 condition id (any case). */
  getMarketByConditionId(conditionId: string): Promise<MarketSnapshot>;
  /** Market metadata by one of its outcome token ids (decimal string). */
  getMarketByTokenId(tokenId: string): Promise<MarketSnapshot>;
  /** Order book of one token; rejects with a stale error when the book is older than allowed. */
  getBook(tokenId: string): Promise<BookSnapshot>;
  /** Every position of a wallet (any case address). */
  getPositions(wallet: string): Promise<PositionsSnapshot>;
}

/** Why a synchronous snapshot read has nothing usable. */
export type SnapshotUnavailableReason = "missing" | "stale";

/**
 * Result of a synchronous, in-memory read: the snapshot and its age, or why there is none.
 * A stale snapshot is never handed out: the read says `stale` and how old it was.
 */
export type SnapshotRead<TSnapshot> =
  | { readonly status: "ok"; readonly snapshot: TSnapshot; readonly ageMs: number }
  | {
      readonly status: "unavailable";
      readonly reason: SnapshotUnavailableReason;
      /** Age of the discarded snapshot (stale only). */
      readonly ageMs: number | null;
      /** The last refresh failure for this key, if any. */
      readonly lastError: Error | null;
    };

/**
 * The cluster of every condition id no operator assigned.
 *
 * @example
 * ```ts
 * if (lookup.status === "ok" && lookup.clusterId === UNASSIGNED_CLUSTER) logger.info("market has no operator cluster");
 * ```
 */
export const UNASSIGNED_CLUSTER = "unassigned";
