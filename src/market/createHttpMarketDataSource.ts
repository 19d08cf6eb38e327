import type { Logger } from "pino";
import { z } from "zod";
import { assertBookFresh } from "./assertBookFresh.js";
import { createTtlCache } from "./createTtlCache.js";
import {
  MarketDataAmbiguousError,
  MarketDataNotFoundError,
  MarketDataSchemaError,
  MarketDataTruncatedError,
  MarketDataUnavailableError,
} from "../errors/marketErrors.js";
import { fetchJson } from "./fetchJson.js";
import { parseClobBook } from "./parseClobBook.js";
import { parseDataPositions } from "./parseDataPositions.js";
import { parseGammaMarket } from "./parseGammaMarket.js";
import { parseMarketKey } from "./parseMarketKey.js";
import type { BookSnapshot, MarketDataSource, MarketSnapshot, Position, PositionsSnapshot } from "./types.js";

/** Time-to-live of cached successful responses, per kind, in ms. */
export type HttpMarketDataTtls = {
  /** Gamma metadata (default 30,000). */
  market: number;
  /** CLOB books (default 1,000). */
  book: number;
  /** Data API positions (default 5,000). */
  positions: number;
};

/** Parameters of {@link createHttpMarketDataSource}. */
export type CreateHttpMarketDataSourceParameters = {
  /** Default `https://gamma-api.polymarket.com`. */
  gammaBaseUrl?: string;
  /** Default `https://clob.polymarket.com`. */
  clobBaseUrl?: string;
  /** Default `https://data-api.polymarket.com`. */
  dataBaseUrl?: string;
  /** Per-request budget for headers and body, in ms (default 2,000). */
  timeoutMs?: number;
  /** Cache TTLs per kind; missing kinds keep their defaults. */
  ttlMs?: Partial<HttpMarketDataTtls>;
  /** Oldest acceptable book by its CLOB timestamp, in ms (default 15,000, seed 003's window). */
  maxBookAgeMs?: number;
  /** How far a book timestamp may lie in the future, in ms (default 5,000). */
  maxClockSkewMs?: number;
  /** Data API page size (default 500, the API's maximum). */
  positionsPageSize?: number;
  /** Pages read before a position list counts as truncated (default 10). */
  positionsMaxPages?: number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  logger?: Logger;
};

/** The source, plus its caches' counters. */
export type CreateHttpMarketDataSourceReturnType = MarketDataSource & {
  readonly cacheStats: () => Readonly<Record<keyof HttpMarketDataTtls, { hits: number; misses: number }>>;
};

const defaultTtls: HttpMarketDataTtls = { market: 30_000, book: 1_000, positions: 5_000 };
const arraySchema = z.array(z.unknown());

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * The market data port over Polymarket's public HTTP APIs: Gamma `GET /markets?condition_ids=` and
 * `?clob_token_ids=` (each asked with `closed=false` and `closed=true`), CLOB `GET /book?token_id=`, data API `GET /positions?user=`. Every response is
 * validated with zod; each request has a timeout; successful results are cached per kind for a TTL
 * and keep their original `fetchedAtMs`. Books older than `maxBookAgeMs` are refused even from
 * the cache. Every failure rejects with a {@link MarketDataUnavailableError} subclass.
 *
 * Lookups check that the answer is what was asked (the condition, token or wallet), so a server
 * that ignores a filter cannot hand back another market's data.
 *
 * @param parameters - Base URLs, `timeoutMs`, `ttlMs`, book freshness limits, `now`, `fetch`, `logger`.
 * @returns A {@link MarketDataSource}.
 *
 * @example
 * ```ts
 * const source = createHttpMarketDataSource({ timeoutMs: 2_000 });
 * const book = await source.getBook("71321045679252212594626385532706912750332728571942532289631379312455583992563");
 * book.mid;
 * ```
 */
export function createHttpMarketDataSource({
  gammaBaseUrl = "https://gamma-api.polymarket.com",
  clobBaseUrl = "https://clob.polymarket.com",
  dataBaseUrl = "https://data-api.polymarket.com",
  timeoutMs = 2_000,
  ttlMs = {},
  maxBookAgeMs = 15_000,
  maxClockSkewMs = 5_000,
  positionsPageSize = 500,
  positionsMaxPages = 10,
  now = Date.now,
  fetch: fetchFn = globalThis.fetch,
  logger,
}: CreateHttpMarketDataSourceParameters = {}): CreateHttpMarketDataSourceReturnType {
  const ttls: HttpMarketDataTtls = {
    market: ttlMs.market ?? defaultTtls.market,
    book: ttlMs.book ?? defaultTtls.book,
    positions: ttlMs.positions ?? defaultTtls.positions,
  };
  const gamma = trimSlash(gammaBaseUrl);
  const clob = trimSlash(clobBaseUrl);
  const data = trimSlash(dataBaseUrl);
  const sources = { gamma: `gamma:${gamma}`, clob: `clob:${clob}`, data: `data-api:${data}` };
  const markets = createTtlCache<MarketSnapshot>({ ttlMs: ttls.market, now });
  const books = createTtlCache<BookSnapshot>({ ttlMs: ttls.book, now });
  const positions = createTtlCache<PositionsSnapshot>({ ttlMs: ttls.positions, now });
  const log = logger?.child({ component: "market-data-http" });

  async function get(url: URL, source: string, key: string): Promise<unknown> {
    try {
      return await fetchJson({ url, source, key, timeoutMs, fetch: fetchFn });
    } catch (error) {
      if (error instanceof MarketDataUnavailableError) log?.warn({ key, source, reason: error.reason }, "market data fetch failed");
      throw error;
    }
  }

  async function findMarket(
    query: "condition_ids" | "clob_token_ids",
    value: string,
    key: string,
    matches: (market: MarketSnapshot) => boolean,
  ): Promise<MarketSnapshot> {
    // Gamma's default for `closed` is undocumented (its /events defaults to closed only), so ask
    // for open and closed markets explicitly: a closed market must reach MarketHaltGuard as closed.
    const bodies = await Promise.all(
      (["false", "true"] as const).map((closed) => {
        const url = new URL(`${gamma}/markets`);
        url.searchParams.set(query, value);
        url.searchParams.set("closed", closed);
        return get(url, sources.gamma, key);
      }),
    );
    const fetchedAtMs = now();
    const items: unknown[] = [];
    for (const body of bodies) {
      const list = arraySchema.safeParse(body);
      if (!list.success) throw new MarketDataSchemaError({ source: sources.gamma, key, issues: z.prettifyError(list.error) });
      items.push(...list.data);
    }
    const byCondition = new Map<string, MarketSnapshot>();
    for (const raw of items) {
      const market = parseGammaMarket({ raw, source: sources.gamma, key, fetchedAtMs });
      // A server that ignores `closed` lists the same market in both answers: that is one market.
      if (matches(market) && !byCondition.has(market.conditionId)) byCondition.set(market.conditionId, market);
    }
    const found = [...byCondition.values()];
    if (found.length > 1) throw new MarketDataAmbiguousError({ source: sources.gamma, key, matches: found.length });
    const [market] = found;
    if (market === undefined) throw new MarketDataNotFoundError({ source: sources.gamma, key });
    // Index the fresh market under all its keys, so a later lookup by condition or by any outcome token hits.
    markets.set(`condition:${market.conditionId}`, market);
    for (const outcome of market.outcomes) markets.set(`token:${outcome.tokenId}`, market);
    return market;
  }

  async function loadPositions(wallet: PositionsSnapshot["wallet"], key: string): Promise<PositionsSnapshot> {
    const all: Position[] = [];
    for (let page = 0; page < positionsMaxPages; page += 1) {
      const url = new URL(`${data}/positions`);
      url.searchParams.set("user", wallet);
      // The API hides positions under 1 share by default; exposure must count them all.
      url.searchParams.set("sizeThreshold", "0");
      url.searchParams.set("limit", String(positionsPageSize));
      url.searchParams.set("offset", String(page * positionsPageSize));
      const body = await get(url, sources.data, key);
      const items = parseDataPositions({ raw: body, wallet, source: sources.data, key });
      all.push(...items);
      if (items.length < positionsPageSize) {
        const fetchedAtMs = now();
        return { kind: "positions", source: sources.data, fetchedAtMs, asOfMs: fetchedAtMs, wallet, positions: all };
      }
    }
    throw new MarketDataTruncatedError({ source: sources.data, key, pages: positionsMaxPages });
  }

  return {
    async getMarketByConditionId(conditionId) {
      const id = parseMarketKey({ kind: "condition", value: conditionId, source: sources.gamma });
      const key = `market:${id}`;
      return markets.getOrLoad(`condition:${id}`, () =>
        findMarket("condition_ids", id, key, (candidate) => candidate.conditionId === id),
      );
    },
    async getMarketByTokenId(tokenId) {
      const id = parseMarketKey({ kind: "token", value: tokenId, source: sources.gamma });
      const key = `market-of-token:${id}`;
      return markets.getOrLoad(`token:${id}`, () =>
        findMarket("clob_token_ids", id, key, (candidate) => candidate.outcomes.some((outcome) => outcome.tokenId === id)),
      );
    },
    async getBook(tokenId) {
      const id = parseMarketKey({ kind: "token", value: tokenId, source: sources.clob });
      const key = `book:${id}`;
      const book = await books.getOrLoad(id, async () => {
        const url = new URL(`${clob}/book`);
        url.searchParams.set("token_id", id);
        const body = await get(url, sources.clob, key);
        return parseClobBook({ raw: body, tokenId: id, source: sources.clob, key, fetchedAtMs: now() });
      });
      try {
        return assertBookFresh({ book, nowMs: now(), maxAgeMs: maxBookAgeMs, maxClockSkewMs });
      } catch (error) {
        books.delete(id);
        throw error;
      }
    },
    async getPositions(wallet) {
      const id = parseMarketKey({ kind: "wallet", value: wallet, source: sources.data });
      const key = `positions:${id}`;
      return positions.getOrLoad(id, () => loadPositions(id, key));
    },
    cacheStats: () => ({ market: { ...markets.stats }, book: { ...books.stats }, positions: { ...positions.stats } }),
  };
}
