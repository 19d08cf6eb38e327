import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createFixtureMarketDataSource } from "../../src/market/createFixtureMarketDataSource.js";
import { MarketDataNotFoundError, MarketDataSchemaError, MarketDataStaleError } from "../../src/errors/marketErrors.js";
import { hoursToResolution } from "../../src/market/hoursToResolution.js";
import { CONDITION_ID, NO_TOKEN, WALLET, YES_TOKEN, clobBook, dataPosition, gammaMarket } from "./payloads.js";

const shipped = JSON.parse(readFileSync("fixtures/markets.json", "utf8")) as {
  markets: { gamma: { conditionId: string; clobTokenIds: string } }[];
};

function clock(start = 1_780_000_000_000) {
  let nowMs = start;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

function inline(overrides: Record<string, unknown> = {}) {
  const clob = clobBook(0);
  delete clob["timestamp"];
  return {
    markets: [{ endsInHours: 10, gamma: gammaMarket() }],
    books: [{ clob }],
    positions: [{ wallet: WALLET, data: [dataPosition()] }],
    ...overrides,
  };
}

describe("inline fixtures", () => {
  test("snapshots are stamped at read time, so fixtures are always fresh", async () => {
    const time = clock();
    const source = createFixtureMarketDataSource({ fixtures: inline(), now: time.now });
    time.advance(3_600_000);
    const market = await source.getMarketByConditionId(CONDITION_ID);
    const book = await source.getBook(YES_TOKEN);
    const positions = await source.getPositions(WALLET);
    for (const snapshot of [market, book, positions]) {
      expect(snapshot).toMatchObject({ source: "fixture:inline", fetchedAtMs: time.now(), asOfMs: time.now() });
    }
    expect(book.bookTimestampMs).toBe(time.now());
  });

  test("endsInHours counts from load time", async () => {
    const time = clock();
    const source = createFixtureMarketDataSource({ fixtures: inline(), now: time.now });
    time.advance(3_600_000);
    const market = await source.getMarketByTokenId(NO_TOKEN);
    expect(hoursToResolution({ market, nowMs: time.now() })).toBe(9);
  });

  test("a book written with ageMs past the window is stale at every read", async () => {
    const fixtures = inline();
    fixtures.books = [{ ...fixtures.books[0]!, ageMs: 60_000 } as (typeof fixtures.books)[number]];
    const source = createFixtureMarketDataSource({ fixtures, maxBookAgeMs: 15_000 });
    await expect(source.getBook(YES_TOKEN)).rejects.toMatchObject({ name: "MarketDataStaleError", ageMs: 60_000 });
  });

  test("unknown market and book → MarketDataNotFoundError; unknown wallet → no positions", async () => {
    const source = createFixtureMarketDataSource({ fixtures: inline() });
    await expect(source.getMarketByConditionId(`0x${"00".repeat(32)}`)).rejects.toThrow(MarketDataNotFoundError);
    await expect(source.getMarketByTokenId("1")).rejects.toThrow(MarketDataNotFoundError);
    await expect(source.getBook(NO_TOKEN)).rejects.toThrow(MarketDataNotFoundError);
    expect((await source.getPositions(`0x${"22".repeat(20)}`)).positions).toEqual([]);
  });

  test.each([
    ["a document without books", { books: undefined }],
    ["a malformed Gamma market", { markets: [{ gamma: gammaMarket({ acceptingOrders: null }) }] }],
    ["a market without endDate or endsInHours", { markets: [{ gamma: gammaMarket({ endDate: undefined }) }] }],
    ["the same market twice", { markets: [{ gamma: gammaMarket() }, { gamma: gammaMarket() }] }],
    ["a book of another market than its token's", { books: [{ clob: clobBook(0, { market: `0x${"ab".repeat(32)}` }) }] }],
    ["positions of another wallet", { positions: [{ wallet: `0x${"22".repeat(20)}`, data: [dataPosition()] }] }],
  ])("refuses %s at load", (_name, overrides) => {
    expect(() => createFixtureMarketDataSource({ fixtures: inline(overrides) })).toThrow(MarketDataSchemaError);
  });

  test("the load error names the entry", () => {
    expect(() =>
      createFixtureMarketDataSource({ fixtures: inline({ markets: [{ gamma: gammaMarket(), endsInHours: 1 }, { gamma: gammaMarket({ version: "v9" }) }] }) }),
    ).toThrow(/markets\[1\]/);
  });
});

describe("fixtures/markets.json", () => {
  const time = clock(Date.now());
  const source = createFixtureMarketDataSource({ fixtures: shipped, origin: "fixtures/markets.json", now: time.now });
  const conditions = shipped.markets.map((entry) => entry.gamma.conditionId);
  const marketAt = (index: number) => source.getMarketByConditionId(conditions[index]!);

  test("loads, with every market reachable by condition and by token", async () => {
    expect(conditions.length).toBeGreaterThanOrEqual(7);
    for (const conditionId of conditions) {
      const market = await source.getMarketByConditionId(conditionId);
      for (const outcome of market.outcomes) expect((await source.getMarketByTokenId(outcome.tokenId)).conditionId).toBe(conditionId);
    }
  });

  test("covers normal, closed, ambiguous, single-source, near-resolution, disputed, negRisk, v2 and halted markets", async () => {
    const [normal, closed, ambiguous, singleSource, near, disputed, negRisk, , v2, halted] = await Promise.all(conditions.map((_, index) => marketAt(index)));
    expect(normal!.state.tradable && !normal!.resolution.singleSource && normal!.resolution.priorDisputeCount === 0).toBe(true);
    expect(closed!.state).toMatchObject({ closed: true, resolved: true, tradable: false });
    expect(ambiguous!.rulesText).toMatch(/\bsubstantial\b/);
    expect(singleSource!.resolution.singleSource).toBe(true);
    expect(hoursToResolution({ market: near!, nowMs: time.now() })).toBeCloseTo(1.5, 5);
    expect(disputed!.resolution.priorDisputeCount).toBe(1);
    expect(negRisk!).toMatchObject({ negRisk: true, negRiskMarketId: expect.stringMatching(/^0x/) });
    expect(v2!.protocolVersion).toBe("v2");
    expect(halted!.state).toMatchObject({ halted: true, tradable: false });
    // Only the ambiguous market uses a seed keyword, so each fixture trips one rule.
    const keyword = /\b(substantial|primary)\b/i;
    expect((await Promise.all(conditions.map((_, i) => marketAt(i)))).filter((m) => keyword.test(m.rulesText))).toHaveLength(1);
  });

  test("books are fresh except the one written stale; the closed market has none", async () => {
    const near = await marketAt(4);
    const fresh = await source.getBook(near.outcomes[0]!.tokenId);
    expect(time.now() - fresh.bookTimestampMs).toBe(0);
    await expect(source.getBook(near.outcomes[1]!.tokenId)).rejects.toThrow(MarketDataStaleError);
    const closed = await marketAt(1);
    await expect(source.getBook(closed.outcomes[0]!.tokenId)).rejects.toThrow(MarketDataNotFoundError);
  });

  test("the demo wallet holds positions in known markets", async () => {
    const { positions } = await source.getPositions("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(positions.length).toBeGreaterThanOrEqual(2);
    for (const position of positions) expect(conditions).toContain(position.conditionId);
  });
});
