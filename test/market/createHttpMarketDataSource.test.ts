import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createHttpMarketDataSource } from "../../src/market/createHttpMarketDataSource.js";
import {
  MarketDataAmbiguousError,
  MarketDataHttpStatusError,
  MarketDataInvalidKeyError,
  MarketDataMalformedError,
  MarketDataNotFoundError,
  MarketDataSchemaError,
  MarketDataStaleError,
  MarketDataTimeoutError,
  MarketDataTruncatedError,
  MarketDataUnavailableError,
} from "../../src/errors/marketErrors.js";
import type { MarketDataSource } from "../../src/market/types.js";
import { startLocalHttpServer, type LocalHttpServer, type Reply } from "./localHttpServer.js";
import { CONDITION_ID, NO_TOKEN, WALLET, YES_TOKEN, clobBook, dataPosition, gammaMarket } from "./payloads.js";

const OTHER_CONDITION = `0x${"ab".repeat(32)}`;

let server: LocalHttpServer;
let nowMs: number;
const now = () => nowMs;

beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(async () => {
  await server.close();
});

/** Serves the three APIs from one server; `overrides` replaces one path's reply. */
function serve(overrides: Partial<Record<"/markets" | "/book" | "/positions", (url: URL) => Reply>> = {}): void {
  server.setRoute((url) => {
    const override = overrides[url.pathname as keyof typeof overrides];
    if (override !== undefined) return override(url);
    switch (url.pathname) {
      case "/markets":
        // Like Gamma: `closed=true` lists closed markets only, `closed=false` open ones only.
        return { kind: "json", body: url.searchParams.get("closed") === "true" ? [] : [gammaMarket()] };
      case "/book":
        return { kind: "json", body: clobBook(nowMs - 1_000) };
      case "/positions":
        return { kind: "json", body: [dataPosition()] };
      default:
        return { kind: "json", status: 404, body: { error: "not found" } };
    }
  });
}

function source(options: Parameters<typeof createHttpMarketDataSource>[0] = {}) {
  return createHttpMarketDataSource({
    gammaBaseUrl: server.baseUrl,
    clobBaseUrl: `${server.baseUrl}/`,
    dataBaseUrl: server.baseUrl,
    timeoutMs: 300,
    now,
    ...options,
  });
}

beforeEach(() => {
  nowMs = Date.now();
  server.requests.length = 0;
  serve();
});

describe("happy paths use the real endpoints and shapes", () => {
  test("market by condition id: GET /markets?condition_ids=", async () => {
    const market = await source().getMarketByConditionId(CONDITION_ID.toUpperCase().replace("0X", "0x"));
    expect(server.requests.sort()).toEqual([
      `/markets?condition_ids=${CONDITION_ID}&closed=false`,
      `/markets?condition_ids=${CONDITION_ID}&closed=true`,
    ]);
    expect(market).toMatchObject({ conditionId: CONDITION_ID, source: `gamma:${server.baseUrl}`, fetchedAtMs: nowMs });
  });

  test("market by token id: GET /markets?clob_token_ids=", async () => {
    const market = await source().getMarketByTokenId(NO_TOKEN);
    expect(server.requests.sort()).toEqual([
      `/markets?clob_token_ids=${NO_TOKEN}&closed=false`,
      `/markets?clob_token_ids=${NO_TOKEN}&closed=true`,
    ]);
    expect(market.outcomes[1]?.tokenId).toBe(NO_TOKEN);
  });

  test("book: GET /book?token_id=", async () => {
    const book = await source().getBook(YES_TOKEN);
    expect(server.requests).toEqual([`/book?token_id=${YES_TOKEN}`]);
    expect(book).toMatchObject({ bestBid: 0.41, bestAsk: 0.42, bookTimestampMs: nowMs - 1_000, asOfMs: nowMs - 1_000 });
  });

  test("positions: GET /positions?user=&sizeThreshold=0 (small positions count too)", async () => {
    const snapshot = await source().getPositions(WALLET);
    expect(server.requests).toEqual([`/positions?user=${WALLET}&sizeThreshold=0&limit=500&offset=0`]);
    expect(snapshot).toMatchObject({ wallet: WALLET, fetchedAtMs: nowMs, asOfMs: nowMs });
    expect(snapshot.positions[0]?.currentValueMicros).toBe(631_007_500n);
  });

  test("a closed market is found through closed=true and arrives as closed", async () => {
    serve({
      "/markets": (url) => ({
        kind: "json",
        body: url.searchParams.get("closed") === "true" ? [gammaMarket({ closed: true, acceptingOrders: false })] : [],
      }),
    });
    expect((await source().getMarketByConditionId(CONDITION_ID)).state).toMatchObject({ closed: true, tradable: false });
  });

  test("a server that ignores closed= lists the market twice: still one market", async () => {
    serve({ "/markets": () => ({ kind: "json", body: [gammaMarket()] }) });
    expect((await source().getMarketByTokenId(YES_TOKEN)).conditionId).toBe(CONDITION_ID);
  });

  test("an empty position list is a wallet with no positions", async () => {
    serve({ "/positions": () => ({ kind: "json", body: [] }) });
    expect((await source().getPositions(WALLET)).positions).toEqual([]);
  });

  test("positions are read page by page until a short page", async () => {
    serve({
      "/positions": (url) => ({
        kind: "json",
        body: url.searchParams.get("offset") === "0" ? [dataPosition(), dataPosition({ asset: NO_TOKEN })] : [dataPosition()],
      }),
    });
    const snapshot = await source({ positionsPageSize: 2 }).getPositions(WALLET);
    expect(snapshot.positions).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });
});

describe("TTL cache", () => {
  test("a second read within the TTL is a hit; after the TTL it refetches", async () => {
    const http = source({ ttlMs: { market: 10_000 } });
    const first = await http.getMarketByConditionId(CONDITION_ID);
    nowMs += 9_999;
    const second = await http.getMarketByConditionId(CONDITION_ID);
    expect(second).toBe(first);
    expect(server.requests).toHaveLength(2);
    nowMs += 1;
    const third = await http.getMarketByConditionId(CONDITION_ID);
    expect(server.requests).toHaveLength(4);
    expect(third.fetchedAtMs).toBe(nowMs);
    expect(http.cacheStats().market).toEqual({ hits: 1, misses: 2 });
  });

  test("a hit keeps the original fetchedAtMs, so age is never hidden", async () => {
    const http = source({ ttlMs: { positions: 10_000 } });
    const fetchedAtMs = nowMs;
    await http.getPositions(WALLET);
    nowMs += 5_000;
    expect((await http.getPositions(WALLET)).fetchedAtMs).toBe(fetchedAtMs);
  });

  test("a market found by token is cached under its condition and its other token", async () => {
    const http = source();
    await http.getMarketByTokenId(YES_TOKEN);
    await http.getMarketByConditionId(CONDITION_ID);
    await http.getMarketByTokenId(NO_TOKEN);
    expect(server.requests).toHaveLength(2);
  });

  test("a failure is not cached", async () => {
    const http = source();
    serve({ "/book": () => ({ kind: "json", status: 503, body: {} }) });
    await expect(http.getBook(YES_TOKEN)).rejects.toThrow(MarketDataHttpStatusError);
    serve();
    expect((await http.getBook(YES_TOKEN)).bestBid).toBe(0.41);
  });

  test("a cached book that ages past the window is refused and dropped", async () => {
    const http = source({ ttlMs: { book: 60_000 }, maxBookAgeMs: 15_000 });
    await http.getBook(YES_TOKEN);
    nowMs += 14_001;
    await expect(http.getBook(YES_TOKEN)).rejects.toThrow(MarketDataStaleError);
    expect(server.requests).toHaveLength(1);
    await http.getBook(YES_TOKEN);
    expect(server.requests).toHaveLength(2);
  });
});

type Call = { name: string; path: "/markets" | "/book" | "/positions"; call: (source: MarketDataSource) => Promise<unknown> };
const calls: Call[] = [
  { name: "getMarketByConditionId", path: "/markets", call: (s) => s.getMarketByConditionId(CONDITION_ID) },
  { name: "getMarketByTokenId", path: "/markets", call: (s) => s.getMarketByTokenId(YES_TOKEN) },
  { name: "getBook", path: "/book", call: (s) => s.getBook(YES_TOKEN) },
  { name: "getPositions", path: "/positions", call: (s) => s.getPositions(WALLET) },
];

describe.each(calls)("$name fails closed", ({ path, call }) => {
  test("slow response (beyond the timeout) → MarketDataTimeoutError", async () => {
    serve({ [path]: () => ({ kind: "delay", ms: 3_000, then: { kind: "json", body: [] } }) });
    await expect(call(source({ timeoutMs: 100 }))).rejects.toThrow(MarketDataTimeoutError);
  });

  test.each([500, 502, 503])("HTTP %i → MarketDataHttpStatusError", async (status) => {
    serve({ [path]: () => ({ kind: "json", status, body: { error: "internal" } }) });
    await expect(call(source())).rejects.toMatchObject({ name: "MarketDataHttpStatusError", status });
  });

  test("malformed JSON → MarketDataMalformedError", async () => {
    serve({ [path]: () => ({ kind: "text", body: '[{"conditionId": "0x' }) });
    await expect(call(source())).rejects.toThrow(MarketDataMalformedError);
  });

  test("wrong schema → MarketDataSchemaError", async () => {
    serve({ [path]: () => ({ kind: "json", body: { data: [], next_cursor: null } }) });
    await expect(call(source())).rejects.toThrow(MarketDataSchemaError);
  });

  test("every failure is a MarketDataUnavailableError with source and key", async () => {
    serve({ [path]: () => ({ kind: "json", status: 500, body: {} }) });
    const error = await call(source()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketDataUnavailableError);
    expect(error).toMatchObject({ source: expect.stringContaining(server.baseUrl), key: expect.any(String) });
  });
});

describe("empty and mismatched answers", () => {
  test("Gamma's empty list → MarketDataNotFoundError", async () => {
    serve({ "/markets": () => ({ kind: "json", body: [] }) });
    await expect(source().getMarketByConditionId(CONDITION_ID)).rejects.toThrow(MarketDataNotFoundError);
    await expect(source().getMarketByTokenId(YES_TOKEN)).rejects.toThrow(MarketDataNotFoundError);
  });

  test("a Gamma answer about another market (filter ignored) → not found", async () => {
    serve({ "/markets": () => ({ kind: "json", body: [gammaMarket({ conditionId: OTHER_CONDITION, clobTokenIds: '["1","2"]' })] }) });
    await expect(source().getMarketByConditionId(CONDITION_ID)).rejects.toThrow(MarketDataNotFoundError);
    await expect(source().getMarketByTokenId(YES_TOKEN)).rejects.toThrow(MarketDataNotFoundError);
  });

  test("two markets holding the token → MarketDataAmbiguousError", async () => {
    serve({ "/markets": () => ({ kind: "json", body: [gammaMarket(), gammaMarket({ id: "2", conditionId: OTHER_CONDITION })] }) });
    await expect(source().getMarketByTokenId(YES_TOKEN)).rejects.toThrow(MarketDataAmbiguousError);
  });

  test("one malformed item in a Gamma list spoils the lookup", async () => {
    serve({ "/markets": () => ({ kind: "json", body: [gammaMarket(), gammaMarket({ id: "2", acceptingOrders: "yes" })] }) });
    await expect(source().getMarketByConditionId(CONDITION_ID)).rejects.toThrow(MarketDataSchemaError);
  });

  test("CLOB 404 (no order book) → MarketDataNotFoundError", async () => {
    serve({ "/book": () => ({ kind: "json", status: 404, body: { error: "No orderbook exists for the requested token id" } }) });
    await expect(source().getBook(YES_TOKEN)).rejects.toThrow(MarketDataNotFoundError);
  });

  test("a book of another token → MarketDataSchemaError", async () => {
    serve({ "/book": () => ({ kind: "json", body: clobBook(nowMs, { asset_id: NO_TOKEN }) }) });
    await expect(source().getBook(YES_TOKEN)).rejects.toThrow(MarketDataSchemaError);
  });

  test("positions of another wallet → MarketDataSchemaError", async () => {
    serve({ "/positions": () => ({ kind: "json", body: [dataPosition({ proxyWallet: `0x${"11".repeat(20)}` })] }) });
    await expect(source().getPositions(WALLET)).rejects.toThrow(MarketDataSchemaError);
  });

  test("positions that never end within the page limit → MarketDataTruncatedError", async () => {
    serve({ "/positions": () => ({ kind: "json", body: [dataPosition(), dataPosition()] }) });
    await expect(source({ positionsPageSize: 2, positionsMaxPages: 3 }).getPositions(WALLET)).rejects.toThrow(
      MarketDataTruncatedError,
    );
    expect(server.requests).toHaveLength(3);
  });
});

describe("stale responses", () => {
  test("a book older than the window → MarketDataStaleError", async () => {
    serve({ "/book": () => ({ kind: "json", body: clobBook(nowMs - 15_001) }) });
    await expect(source({ maxBookAgeMs: 15_000 }).getBook(YES_TOKEN)).rejects.toMatchObject({
      name: "MarketDataStaleError",
      reason: "stale",
      ageMs: 15_001,
    });
  });

  test("a book stamped in the future beyond the skew → MarketDataStaleError", async () => {
    serve({ "/book": () => ({ kind: "json", body: clobBook(nowMs + 60_000) }) });
    await expect(source().getBook(YES_TOKEN)).rejects.toThrow(MarketDataStaleError);
  });
});

describe("invalid keys are refused before any request", () => {
  test.each([
    ["getMarketByConditionId", (s: MarketDataSource) => s.getMarketByConditionId("0x1234")],
    ["getMarketByTokenId", (s: MarketDataSource) => s.getMarketByTokenId("0xabc")],
    ["getBook", (s: MarketDataSource) => s.getBook("12; DROP")],
    ["getPositions", (s: MarketDataSource) => s.getPositions("vitalik.eth")],
  ])("%s", async (_name, call) => {
    await expect(call(source())).rejects.toThrow(MarketDataInvalidKeyError);
    expect(server.requests).toEqual([]);
  });
});
