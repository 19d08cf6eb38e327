import { describe, expect, test } from "vitest";
import { MarketDataSchemaError } from "../../src/errors/marketErrors.js";
import { parseClobBook } from "../../src/market/parseClobBook.js";
import { CONDITION_ID, NO_TOKEN, YES_TOKEN, clobBook } from "./payloads.js";

const fetchedAtMs = 1_780_000_000_000;
const parse = (raw: unknown, tokenId = YES_TOKEN) =>
  parseClobBook({ raw, tokenId, source: "clob:test", key: `book:${tokenId}`, fetchedAtMs });

describe("normalization", () => {
  test("sorts both sides best first and derives best bid/ask, mid and spread", () => {
    const book = parse(clobBook(fetchedAtMs - 2_000));
    expect(book.bids.map((level) => level.price)).toEqual([0.41, 0.4, 0.39]);
    expect(book.asks.map((level) => level.price)).toEqual([0.42, 0.43, 0.45]);
    expect(book.asks[0]).toEqual({ price: 0.42, size: 60.25 });
    expect(book.bestBid).toBe(0.41);
    expect(book.bestAsk).toBe(0.42);
    expect(book.mid).toBeCloseTo(0.415, 12);
    expect(book.spread).toBeCloseTo(0.01, 12);
    expect(book).toMatchObject({
      tokenId: YES_TOKEN,
      conditionId: CONDITION_ID,
      tickSize: 0.01,
      minOrderSize: 5,
      negRisk: false,
      lastTradePrice: 0.42,
      bookTimestampMs: fetchedAtMs - 2_000,
    });
  });

  test("asOfMs is the book's own timestamp when older than the fetch", () => {
    expect(parse(clobBook(fetchedAtMs - 9_000)).asOfMs).toBe(fetchedAtMs - 9_000);
    expect(parse(clobBook(fetchedAtMs + 500)).asOfMs).toBe(fetchedAtMs);
  });

  test("an empty side has no best price, mid or spread", () => {
    const book = parse(clobBook(fetchedAtMs, { asks: [] }));
    expect(book).toMatchObject({ bestBid: 0.41, bestAsk: null, mid: null, spread: null });
  });

  test("last_trade_price may be empty", () => {
    expect(parse(clobBook(fetchedAtMs, { last_trade_price: "" })).lastTradePrice).toBeNull();
  });
});

describe("refuses", () => {
  test.each([
    ["price as a number", { bids: [{ price: 0.41, size: "10" }] }],
    ["price above 1", { asks: [{ price: "1.2", size: "10" }] }],
    ["negative size", { asks: [{ price: "0.5", size: "-1" }] }],
    ["timestamp in seconds", { timestamp: "1780000000" }],
    ["timestamp as a number", { timestamp: fetchedAtMs }],
    ["missing hash", { hash: undefined }],
    ["missing neg_risk", { neg_risk: undefined }],
    ["zero tick size", { tick_size: "0" }],
    ["bids not an array", { bids: {} }],
  ])("%s", (_name, overrides) => {
    expect(() => parse(clobBook(fetchedAtMs, overrides))).toThrow(MarketDataSchemaError);
  });

  test("the book of another token", () => {
    expect(() => parse(clobBook(fetchedAtMs), NO_TOKEN)).toThrow(/asked for token 4833.*got the book of 2174/);
  });

  test("the CLOB's 404 body", () => {
    expect(() => parse({ error: "No orderbook exists for the requested token id" })).toThrow(MarketDataSchemaError);
  });
});
