import { describe, expect, test } from "vitest";
import { assertBookFresh } from "../../src/market/assertBookFresh.js";
import { MarketDataStaleError } from "../../src/errors/marketErrors.js";
import { parseClobBook } from "../../src/market/parseClobBook.js";
import { YES_TOKEN, clobBook } from "./payloads.js";

const nowMs = 1_780_000_000_000;
const bookAt = (timestampMs: number) =>
  parseClobBook({ raw: clobBook(timestampMs), tokenId: YES_TOKEN, source: "clob:test", key: "book", fetchedAtMs: nowMs });
const check = (timestampMs: number) => assertBookFresh({ book: bookAt(timestampMs), nowMs, maxAgeMs: 15_000, maxClockSkewMs: 5_000 });

describe("book age against its own timestamp", () => {
  test.each([0, 14_999, 15_000, -5_000])("accepts age %i ms", (ageMs) => {
    expect(check(nowMs - ageMs).bookTimestampMs).toBe(nowMs - ageMs);
  });

  test("refuses a book 1 ms past the window, with its age", () => {
    expect(() => check(nowMs - 15_001)).toThrow(MarketDataStaleError);
    try {
      check(nowMs - 15_001);
    } catch (error) {
      expect(error).toMatchObject({ reason: "stale", ageMs: 15_001, maxAgeMs: 15_000 });
    }
  });

  test("refuses a book from the future beyond the skew allowance", () => {
    expect(() => check(nowMs + 5_001)).toThrow(/5001 ms in the future/);
  });
});
