import { z } from "zod";
import { clobBookSchema } from "./clobBookSchema.js";
import { MarketDataSchemaError } from "../errors/marketErrors.js";
import type { BookLevel, BookSnapshot, Hex } from "./types.js";

/** Parameters of {@link parseClobBook}. */
export type ParseClobBookParameters = {
  /** A CLOB `GET /book` response, as parsed JSON. */
  raw: unknown;
  /** The token the book was asked for; a book of another token is refused. */
  tokenId: string;
  source: string;
  key: string;
  fetchedAtMs: number;
};

/** The normalized book. */
export type ParseClobBookReturnType = BookSnapshot;

/**
 * Validates a CLOB book and normalizes it into a {@link BookSnapshot}: levels sorted best first
 * (the CLOB sends both sides best-last), best bid/ask, mid and spread computed, and `asOfMs` set to
 * the older of the book's own timestamp and the fetch time. Freshness is checked separately by
 * {@link import("./assertBookFresh.js").assertBookFresh}.
 *
 * @param parameters - `{ raw, tokenId, source, key, fetchedAtMs }`.
 * @returns The book snapshot.
 * @throws {MarketDataSchemaError} When the shape is wrong or the book is of another token.
 *
 * @example
 * ```ts
 * const book = parseClobBook({
 *   raw: { market: "0x" + "ab".repeat(32), asset_id: "1", timestamp: String(Date.now()), hash: "0x1",
 *          bids: [{ price: "0.48", size: "10" }], asks: [{ price: "0.52", size: "10" }],
 *          min_order_size: "5", tick_size: "0.01", neg_risk: false, last_trade_price: "0.5" },
 *   tokenId: "1", source: "clob:inline", key: "book:1", fetchedAtMs: Date.now(),
 * });
 * book.mid; // 0.5
 * ```
 */
export function parseClobBook({ raw, tokenId, source, key, fetchedAtMs }: ParseClobBookParameters): ParseClobBookReturnType {
  const result = clobBookSchema.safeParse(raw);
  if (!result.success) throw new MarketDataSchemaError({ source, key, issues: z.prettifyError(result.error) });
  const book = result.data;
  if (book.asset_id !== tokenId) {
    throw new MarketDataSchemaError({ source, key, issues: `asked for token ${tokenId}, got the book of ${book.asset_id}` });
  }
  const bids: BookLevel[] = [...book.bids].sort((a, b) => b.price - a.price);
  const asks: BookLevel[] = [...book.asks].sort((a, b) => a.price - b.price);
  const bestBid = bids[0]?.price ?? null;
  const bestAsk = asks[0]?.price ?? null;
  const both = bestBid !== null && bestAsk !== null;
  return {
    kind: "book",
    source,
    fetchedAtMs,
    asOfMs: Math.min(book.timestamp, fetchedAtMs),
    tokenId,
    conditionId: book.market.toLowerCase() as Hex,
    bids,
    asks,
    bestBid,
    bestAsk,
    mid: both ? (bestBid + bestAsk) / 2 : null,
    spread: both ? bestAsk - bestBid : null,
    tickSize: book.tick_size,
    minOrderSize: book.min_order_size,
    negRisk: book.neg_risk,
    hash: book.hash,
    lastTradePrice: book.last_trade_price ?? null,
    bookTimestampMs: book.timestamp,
  };
}
