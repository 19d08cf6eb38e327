import type { Logger } from "pino";
import { MarketDataStaleError, MarketDataUnavailableError } from "../errors/marketErrors.js";
import { parseMarketKey, type MarketKeyKind } from "./parseMarketKey.js";
import type { BookSnapshot, Hex, MarketDataSource, MarketSnapshot, PositionsSnapshot, SnapshotRead } from "./types.js";

/** The three kinds of snapshot the store keeps. */
export type MarketSnapshotKind = "market" | "book" | "positions";

/** One value per snapshot kind, in ms. */
export type MarketSnapshotTimings = Record<MarketSnapshotKind, number>;

/** Parameters of {@link createMarketSnapshotStore}. */
export type CreateMarketSnapshotStoreParameters = {
  /** Where refreshes read from (HTTP or fixture). */
  source: MarketDataSource;
  /** Refresh period per kind (defaults: market 60,000; book 2,000; positions 10,000). */
  refreshIntervalMs?: Partial<MarketSnapshotTimings>;
  /**
   * Oldest snapshot a read hands out, per kind (defaults: market 300,000 = BlacklistKeeper's
   * metadata TTL; book 15,000 = StaleBookGuard's window; positions 60,000).
   */
  maxAgeMs?: Partial<MarketSnapshotTimings>;
  /** Requests in flight per refresh round (default 8). */
  concurrency?: number;
  now?: () => number;
  logger?: Logger;
};

/** What to keep fresh. A token brings its market and its book; a wallet its positions. */
export type MarketSnapshotTracking = {
  tokenIds?: readonly string[];
  conditionIds?: readonly string[];
  wallets?: readonly string[];
};

/** Outcome of one refresh round. */
export type MarketSnapshotRefreshReport = {
  refreshed: number;
  failed: readonly { kind: MarketSnapshotKind; key: string; error: Error }[];
};

type RefreshFailure = MarketSnapshotRefreshReport["failed"][number];
type MutableReport = { refreshed: number; failed: RefreshFailure[] };

/** The in-memory store guards read on the signing path. */
export type MarketSnapshotStore = {
  /**
   * Adds ids to keep fresh; they are fetched on the next round (or `refreshNow`).
   * Throws {@link import("../errors/marketErrors.js").MarketDataInvalidKeyError} for an id that cannot be valid.
   */
  track(tracking: MarketSnapshotTracking): void;
  /**
   * Stops keeping these tokens fresh and forgets their books (and their market, unless another
   * tracked token or condition still needs it). Ids that are not tracked are ignored.
   */
  untrack(tracking: Pick<MarketSnapshotTracking, "tokenIds">): void;
  /**
   * Refreshes every tracked id of the given kinds (all by default) now — or, with `only`, just those
   * tracked tokens' markets and books (a new token's first fetch costs its own requests, not a
   * round over everything tracked). Never rejects.
   */
  refreshNow(kinds?: readonly MarketSnapshotKind[], only?: { tokenIds: readonly string[] }): Promise<MarketSnapshotRefreshReport>;
  /** Starts the background timers (and one immediate round). Idempotent. */
  start(): void;
  /** Stops the timers; snapshots stay readable and age normally. */
  stop(): void;
  getMarketByConditionId(conditionId: string): SnapshotRead<MarketSnapshot>;
  getMarketByTokenId(tokenId: string): SnapshotRead<MarketSnapshot>;
  getBook(tokenId: string): SnapshotRead<BookSnapshot>;
  getPositions(wallet: string): SnapshotRead<PositionsSnapshot>;
};

/** The store. */
export type CreateMarketSnapshotStoreReturnType = MarketSnapshotStore;

const defaultIntervals: MarketSnapshotTimings = { market: 60_000, book: 2_000, positions: 10_000 };
const defaultMaxAges: MarketSnapshotTimings = { market: 300_000, book: 15_000, positions: 60_000 };

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      if (task !== undefined) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/**
 * An in-memory snapshot store refreshed off the signing path: background timers pull tracked
 * markets, books and positions from a {@link MarketDataSource}; guards read synchronously and get
 * the snapshot with its age, or `unavailable` with the reason (`missing` or `stale`) and the last
 * refresh error. A stale snapshot is never returned. A failed refresh keeps the previous snapshot,
 * which is served only while younger than `maxAgeMs`.
 *
 * @param parameters - `{ source, refreshIntervalMs?, maxAgeMs?, concurrency?, now?, logger? }`.
 * @returns The store.
 *
 * @example
 * ```ts
 * const tokenId = "104656997773343516662479546460498331313910828479746660942916932994008403069514";
 * const store = createMarketSnapshotStore({ source: await loadFixtureMarketDataSource({ path: "fixtures/markets.json" }) });
 * store.track({ tokenIds: [tokenId], wallets: ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"] });
 * await store.refreshNow();
 * store.start();
 * const read = store.getBook(tokenId); // { status: "ok", snapshot, ageMs } or { status: "unavailable", reason, ... }
 * store.stop();
 * ```
 */
export function createMarketSnapshotStore({
  source,
  refreshIntervalMs = {},
  maxAgeMs = {},
  concurrency = 8,
  now = Date.now,
  logger,
}: CreateMarketSnapshotStoreParameters): CreateMarketSnapshotStoreReturnType {
  // `?? default` per kind: an explicit `undefined` must not erase a limit (a missing max age would never go stale).
  const timings = (defaults: MarketSnapshotTimings, given: Partial<MarketSnapshotTimings>): MarketSnapshotTimings => ({
    market: given.market ?? defaults.market,
    book: given.book ?? defaults.book,
    positions: given.positions ?? defaults.positions,
  });
  const intervals = timings(defaultIntervals, refreshIntervalMs);
  const maxAges = timings(defaultMaxAges, maxAgeMs);
  const log = logger?.child({ component: "market-snapshot-store" });

  const tracked = { tokens: new Set<string>(), conditions: new Set<Hex>(), wallets: new Set<Hex>() };
  const markets = new Map<Hex, MarketSnapshot>();
  const conditionOfToken = new Map<string, Hex>();
  const books = new Map<string, BookSnapshot>();
  const positions = new Map<Hex, PositionsSnapshot>();
  /** Last refresh failure per `kind:key`; cleared by a success. */
  const lastErrors = new Map<string, Error>();
  const running = new Set<MarketSnapshotKind>();
  const timers: NodeJS.Timeout[] = [];

  function read<TSnapshot extends { asOfMs: number }>(
    kind: MarketSnapshotKind,
    snapshot: TSnapshot | undefined,
    errorKey: string,
  ): SnapshotRead<TSnapshot> {
    const lastError = lastErrors.get(errorKey) ?? null;
    if (snapshot === undefined) {
      // The source refused the data as stale: say so, with its age, rather than "missing".
      if (lastError instanceof MarketDataStaleError) return { status: "unavailable", reason: "stale", ageMs: lastError.ageMs, lastError };
      return { status: "unavailable", reason: "missing", ageMs: null, lastError };
    }
    const ageMs = now() - snapshot.asOfMs;
    if (ageMs > maxAges[kind]) return { status: "unavailable", reason: "stale", ageMs, lastError };
    return { status: "ok", snapshot, ageMs };
  }

  function normalized<TKind extends MarketKeyKind>(kind: TKind, value: string) {
    try {
      return { key: parseMarketKey({ kind, value, source: "snapshot-store" }), error: null };
    } catch (error) {
      return { key: null, error: error as Error };
    }
  }

  const invalid = (error: Error): SnapshotRead<never> => ({ status: "unavailable", reason: "missing", ageMs: null, lastError: error });

  function storeMarket(market: MarketSnapshot): void {
    // A market whose tokens were all untracked while it was being fetched is not kept.
    if (!tracked.conditions.has(market.conditionId) && !market.outcomes.some((o) => tracked.tokens.has(o.tokenId))) return;
    markets.set(market.conditionId, market);
    for (const outcome of market.outcomes) conditionOfToken.set(outcome.tokenId, market.conditionId);
  }

  function task(
    kind: MarketSnapshotKind,
    key: string,
    report: MutableReport,
    fetch: () => Promise<void>,
  ): () => Promise<void> {
    return async () => {
      try {
        await fetch();
        lastErrors.delete(key);
        report.refreshed += 1;
      } catch (caught) {
        const error = caught instanceof Error ? caught : new MarketDataUnavailableError({ source: "snapshot-store", key, reason: "network", cause: caught });
        lastErrors.set(key, error);
        report.failed.push({ kind, key, error });
        log?.warn({ kind, key, reason: error instanceof MarketDataUnavailableError ? error.reason : error.name }, "market data refresh failed");
      }
    };
  }

  /** The fetches that refresh `kind` for these tokens (and, for markets, these conditions). */
  function tasksOf(kind: "market" | "book", tokenIds: Iterable<string>, conditionIds: Iterable<Hex>, report: MutableReport): (() => Promise<void>)[] {
    const tasks: (() => Promise<void>)[] = [];
    if (kind === "market") {
      const conditions = new Set(conditionIds);
      for (const tokenId of tokenIds) {
        const conditionId = conditionOfToken.get(tokenId);
        if (conditionId !== undefined) conditions.add(conditionId);
        else tasks.push(task(kind, `market-of-token:${tokenId}`, report, async () => storeMarket(await source.getMarketByTokenId(tokenId))));
      }
      for (const conditionId of conditions) {
        tasks.push(task(kind, `market:${conditionId}`, report, async () => storeMarket(await source.getMarketByConditionId(conditionId))));
      }
    } else {
      for (const tokenId of tokenIds) {
        // A token untracked while its fetch was in flight stays forgotten.
        tasks.push(task(kind, `book:${tokenId}`, report, async () => {
          const book = await source.getBook(tokenId);
          if (tracked.tokens.has(tokenId)) books.set(tokenId, book);
        }));
      }
    }
    return tasks;
  }

  async function refreshKind(kind: MarketSnapshotKind, report: MutableReport): Promise<void> {
    if (running.has(kind)) return;
    running.add(kind);
    try {
      let tasks: (() => Promise<void>)[] = [];
      if (kind === "market" || kind === "book") {
        tasks = tasksOf(kind, tracked.tokens, tracked.conditions, report);
      } else {
        for (const wallet of tracked.wallets) {
          tasks.push(task(kind, `positions:${wallet}`, report, async () => void positions.set(wallet, await source.getPositions(wallet))));
        }
      }
      await runLimited(tasks, concurrency);
    } finally {
      running.delete(kind);
    }
  }

  async function refreshNow(
    kinds: readonly MarketSnapshotKind[] = ["market", "book", "positions"],
    only?: { tokenIds: readonly string[] },
  ): Promise<MarketSnapshotRefreshReport> {
    const report: MutableReport = { refreshed: 0, failed: [] };
    if (only) {
      // Outside the per-kind round guard: a round in progress must not swallow a new token's first fetch.
      const tokens = only.tokenIds.filter((t) => tracked.tokens.has(t));
      const tasks = kinds.flatMap((kind) => (kind === "market" || kind === "book" ? tasksOf(kind, tokens, [], report) : []));
      await runLimited(tasks, concurrency);
      return report;
    }
    await Promise.all(kinds.map((kind) => refreshKind(kind, report)));
    return report;
  }

  function forgetMarketUnlessNeeded(conditionId: Hex): void {
    if (tracked.conditions.has(conditionId)) return;
    const market = markets.get(conditionId);
    const outcomes = market?.outcomes.map((o) => o.tokenId) ?? [...conditionOfToken].filter(([, c]) => c === conditionId).map(([t]) => t);
    if (outcomes.some((t) => tracked.tokens.has(t))) return;
    markets.delete(conditionId);
    lastErrors.delete(`market:${conditionId}`);
    for (const t of outcomes) conditionOfToken.delete(t);
  }

  return {
    track({ tokenIds = [], conditionIds = [], wallets = [] }) {
      for (const value of tokenIds) tracked.tokens.add(parseMarketKey({ kind: "token", value, source: "snapshot-store" }));
      for (const value of conditionIds) tracked.conditions.add(parseMarketKey({ kind: "condition", value, source: "snapshot-store" }));
      for (const value of wallets) tracked.wallets.add(parseMarketKey({ kind: "wallet", value, source: "snapshot-store" }));
    },
    untrack({ tokenIds = [] }) {
      for (const tokenId of tokenIds) {
        if (!tracked.tokens.delete(tokenId)) continue;
        books.delete(tokenId);
        lastErrors.delete(`book:${tokenId}`);
        lastErrors.delete(`market-of-token:${tokenId}`);
        const conditionId = conditionOfToken.get(tokenId);
        if (conditionId !== undefined) forgetMarketUnlessNeeded(conditionId);
      }
    },
    refreshNow,
    start() {
      if (timers.length > 0) return;
      void refreshNow();
      for (const kind of ["market", "book", "positions"] as const) {
        const timer = setInterval(() => void refreshNow([kind]), intervals[kind]);
        timer.unref();
        timers.push(timer);
      }
    },
    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
    getMarketByConditionId(conditionId) {
      const { key, error } = normalized("condition", conditionId);
      if (key === null) return invalid(error);
      return read("market", markets.get(key), `market:${key}`);
    },
    getMarketByTokenId(tokenId) {
      const { key, error } = normalized("token", tokenId);
      if (key === null) return invalid(error);
      const conditionId = conditionOfToken.get(key);
      if (conditionId === undefined) return read<MarketSnapshot>("market", undefined, `market-of-token:${key}`);
      return read("market", markets.get(conditionId), `market:${conditionId}`);
    },
    getBook(tokenId) {
      const { key, error } = normalized("token", tokenId);
      if (key === null) return invalid(error);
      return read("book", books.get(key), `book:${key}`);
    },
    getPositions(wallet) {
      const { key, error } = normalized("wallet", wallet);
      if (key === null) return invalid(error);
      return read("positions", positions.get(key), `positions:${key}`);
    },
  };
}
