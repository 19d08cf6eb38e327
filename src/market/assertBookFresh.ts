import { MarketDataStaleError } from "../errors/marketErrors.js";
import type { BookSnapshot } from "./types.js";

/** Parameters of {@link assertBookFresh}. */
export type AssertBookFreshParameters = {
  book: BookSnapshot;
  nowMs: number;
  /** Oldest acceptable book, measured from the CLOB's own timestamp. */
  maxAgeMs: number;
  /** How far in the future a book timestamp may be before it is distrusted. */
  maxClockSkewMs: number;
};

/**
 * Refuses a book whose own timestamp is older than `maxAgeMs` or further in the future than
 * `maxClockSkewMs`: a book from the future is as untrustworthy as an old one.
 *
 * @param parameters - `{ book, nowMs, maxAgeMs, maxClockSkewMs }`.
 * @returns The same book, for chaining.
 * @throws {MarketDataStaleError} With the book's age (negative when from the future).
 *
 * @example
 * ```ts
 * const fresh = assertBookFresh({ book, nowMs: Date.now(), maxAgeMs: 15_000, maxClockSkewMs: 5_000 });
 * ```
 */
export function assertBookFresh({ book, nowMs, maxAgeMs, maxClockSkewMs }: AssertBookFreshParameters): BookSnapshot {
  const ageMs = nowMs - book.bookTimestampMs;
  if (ageMs > maxAgeMs || -ageMs > maxClockSkewMs) {
    throw new MarketDataStaleError({ source: book.source, key: `book:${book.tokenId}`, ageMs, maxAgeMs });
  }
  return book;
}
