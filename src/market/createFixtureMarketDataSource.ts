import { z } from "zod";
import { assertBookFresh } from "./assertBookFresh.js";
import { MarketDataNotFoundError, MarketDataSchemaError } from "../errors/marketErrors.js";
import { marketFixturesSchema } from "./marketFixturesSchema.js";
import { parseClobBook } from "./parseClobBook.js";
import { parseDataPositions } from "./parseDataPositions.js";
import { parseGammaMarket } from "./parseGammaMarket.js";
import { parseMarketKey } from "./parseMarketKey.js";
import type { BookSnapshot, Hex, MarketDataSource, MarketSnapshot, Position } from "./types.js";

/** Parameters of {@link createFixtureMarketDataSource}. */
export type CreateFixtureMarketDataSourceParameters = {
  /** The fixture document (see {@link marketFixturesSchema}), as parsed JSON. */
  fixtures: unknown;
  /** Named in `source` as `fixture:<origin>` (e.g. the file path). Default `"inline"`. */
  origin?: string;
  /** Oldest acceptable book, as for the HTTP source (default 15,000 ms). */
  maxBookAgeMs?: number;
  /** Allowed book timestamp lead, as for the HTTP source (default 5,000 ms). */
  maxClockSkewMs?: number;
  now?: () => number;
};

/** The fixture-backed source. */
export type CreateFixtureMarketDataSourceReturnType = MarketDataSource;

/**
 * A {@link MarketDataSource} over a fixture document, so Warden runs offline (`npm start`, demos)
 * through the same parsers and the same failure behaviour as the HTTP source. Every fixture is
 * validated when the source is created (a bad fixture fails at start-up, naming the entry).
 *
 * Freshness: snapshots are stamped at read time (`fetchedAtMs = now()`); a book's timestamp is
 * read time − its `ageMs`, so a fixture book is stale only when written stale on purpose.
 * `endsInHours` counts from creation time. A wallet without a fixture entry has no positions
 * (as the data API answers `[]`); an unknown market or book is {@link MarketDataNotFoundError}.
 *
 * @param parameters - `{ fixtures, origin?, maxBookAgeMs?, maxClockSkewMs?, now? }`.
 * @returns The source.
 * @throws {MarketDataSchemaError} When the document or one of its entries is invalid or inconsistent.
 *
 * @example
 * ```ts
 * import fixtures from "../../fixtures/markets.json" with { type: "json" };
 * const source = createFixtureMarketDataSource({ fixtures, origin: "fixtures/markets.json" });
 * const book = await source.getBook("104656997773343516662479546460498331313910828479746660942916932994008403069514");
 * book.spread; // 0.01 (Fed December cut, Yes)
 * ```
 */
export function createFixtureMarketDataSource({
  fixtures,
  origin = "inline",
  maxBookAgeMs = 15_000,
  maxClockSkewMs = 5_000,
  now = Date.now,
}: CreateFixtureMarketDataSourceParameters): CreateFixtureMarketDataSourceReturnType {
  const source = `fixture:${origin}`;
  const parsed = marketFixturesSchema.safeParse(fixtures);
  if (!parsed.success) throw new MarketDataSchemaError({ source, key: "document", issues: z.prettifyError(parsed.error) });
  const loadedAtMs = now();
  const inconsistent = (key: string, issues: string) => new MarketDataSchemaError({ source, key, issues });

  const byCondition = new Map<Hex, MarketSnapshot>();
  const byToken = new Map<string, MarketSnapshot>();
  parsed.data.markets.forEach(({ gamma, endsInHours }, index) => {
    const key = `markets[${index}]`;
    const raw = endsInHours === undefined ? gamma : { ...gamma, endDate: new Date(loadedAtMs + endsInHours * 3_600_000).toISOString() };
    const market = parseGammaMarket({ raw, source, key, fetchedAtMs: loadedAtMs });
    if (byCondition.has(market.conditionId)) throw inconsistent(key, `duplicate condition ${market.conditionId}`);
    byCondition.set(market.conditionId, market);
    for (const { tokenId } of market.outcomes) {
      if (byToken.has(tokenId)) throw inconsistent(key, `token ${tokenId} belongs to two markets`);
      byToken.set(tokenId, market);
    }
  });

  const books = new Map<string, { book: BookSnapshot; ageMs: number }>();
  parsed.data.books.forEach(({ clob, ageMs }, index) => {
    const key = `books[${index}]`;
    const tokenId = typeof clob["asset_id"] === "string" ? clob["asset_id"] : "";
    const book = parseClobBook({ raw: { ...clob, timestamp: String(loadedAtMs - ageMs) }, tokenId, source, key, fetchedAtMs: loadedAtMs });
    const owner = byToken.get(book.tokenId);
    if (owner !== undefined && owner.conditionId !== book.conditionId) {
      throw inconsistent(key, `book market ${book.conditionId} is not the token's market ${owner.conditionId}`);
    }
    if (books.has(book.tokenId)) throw inconsistent(key, `duplicate book for token ${book.tokenId}`);
    books.set(book.tokenId, { book, ageMs });
  });

  const positions = new Map<Hex, readonly Position[]>();
  parsed.data.positions.forEach(({ wallet, data }, index) => {
    const key = `positions[${index}]`;
    const address = parseMarketKey({ kind: "wallet", value: wallet, source });
    if (positions.has(address)) throw inconsistent(key, `duplicate wallet ${address}`);
    positions.set(address, parseDataPositions({ raw: data, wallet: address, source, key }));
  });

  const stamped = (market: MarketSnapshot): MarketSnapshot => {
    const nowMs = now();
    return { ...market, fetchedAtMs: nowMs, asOfMs: nowMs };
  };

  return {
    async getMarketByConditionId(conditionId) {
      const id = parseMarketKey({ kind: "condition", value: conditionId, source });
      const market = byCondition.get(id);
      if (market === undefined) throw new MarketDataNotFoundError({ source, key: `market:${id}` });
      return stamped(market);
    },
    async getMarketByTokenId(tokenId) {
      const id = parseMarketKey({ kind: "token", value: tokenId, source });
      const market = byToken.get(id);
      if (market === undefined) throw new MarketDataNotFoundError({ source, key: `market-of-token:${id}` });
      return stamped(market);
    },
    async getBook(tokenId) {
      const id = parseMarketKey({ kind: "token", value: tokenId, source });
      const entry = books.get(id);
      if (entry === undefined) throw new MarketDataNotFoundError({ source, key: `book:${id}` });
      const nowMs = now();
      const bookTimestampMs = nowMs - entry.ageMs;
      const book: BookSnapshot = { ...entry.book, fetchedAtMs: nowMs, asOfMs: bookTimestampMs, bookTimestampMs };
      return assertBookFresh({ book, nowMs, maxAgeMs: maxBookAgeMs, maxClockSkewMs });
    },
    async getPositions(wallet) {
      const id = parseMarketKey({ kind: "wallet", value: wallet, source });
      const nowMs = now();
      return { kind: "positions", source, fetchedAtMs: nowMs, asOfMs: nowMs, wallet: id, positions: positions.get(id) ?? [] };
    },
  };
}
