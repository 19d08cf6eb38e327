import { afterEach, describe, expect, test, vi } from "vitest";
import { createFixtureMarketDataSource } from "../../src/market/createFixtureMarketDataSource.js";
import { createMarketSnapshotStore } from "../../src/market/createMarketSnapshotStore.js";
import { MarketDataHttpStatusError, MarketDataInvalidKeyError, MarketDataStaleError } from "../../src/errors/marketErrors.js";
import type { MarketDataSource } from "../../src/market/types.js";
import { CONDITION_ID, NO_TOKEN, WALLET, YES_TOKEN, clobBook, dataPosition, gammaMarket } from "./payloads.js";

function setup(options: { bookAgeMs?: number } = {}) {
  let nowMs = 1_780_000_000_000;
  const now = () => nowMs;
  const clob = clobBook(0);
  delete clob["timestamp"];
  const fixture = createFixtureMarketDataSource({
    fixtures: {
      markets: [{ endsInHours: 24, gamma: gammaMarket() }],
      books: [{ clob, ageMs: options.bookAgeMs ?? 0 }],
      positions: [{ wallet: WALLET, data: [dataPosition()] }],
    },
    now,
  });
  const calls = { market: 0, book: 0, positions: 0 };
  let failure: Error | null = null;
  const guarded = async <T>(kind: keyof typeof calls, run: () => Promise<T>): Promise<T> => {
    calls[kind] += 1;
    if (failure !== null) throw failure;
    return run();
  };
  const source: MarketDataSource = {
    getMarketByConditionId: (id) => guarded("market", () => fixture.getMarketByConditionId(id)),
    getMarketByTokenId: (id) => guarded("market", () => fixture.getMarketByTokenId(id)),
    getBook: (id) => guarded("book", () => fixture.getBook(id)),
    getPositions: (wallet) => guarded("positions", () => fixture.getPositions(wallet)),
  };
  return {
    source,
    calls,
    now,
    advance: (ms: number) => (nowMs += ms),
    fail: (error: Error | null) => (failure = error),
  };
}

const upstreamDown = () => new MarketDataHttpStatusError({ source: "test", key: "k", status: 503 });

afterEach(() => {
  vi.useRealTimers();
});

describe("synchronous reads", () => {
  test("nothing tracked → missing, without any fetch", () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    expect(store.getBook(YES_TOKEN)).toEqual({ status: "unavailable", reason: "missing", ageMs: null, lastError: null });
    expect(store.getMarketByConditionId(CONDITION_ID)).toMatchObject({ status: "unavailable", reason: "missing" });
    expect(world.calls).toEqual({ market: 0, book: 0, positions: 0 });
  });

  test("after a refresh, a token's market (by token and by condition), book and the wallet's positions are in memory", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN], wallets: [WALLET.toUpperCase().replace("0X", "0x")] });
    expect(await store.refreshNow()).toEqual({ refreshed: 3, failed: [] });
    world.advance(1_000);
    const byToken = store.getMarketByTokenId(NO_TOKEN);
    expect(byToken).toMatchObject({ status: "ok", ageMs: 1_000, snapshot: { conditionId: CONDITION_ID } });
    expect(store.getMarketByConditionId(CONDITION_ID)).toMatchObject({ status: "ok", ageMs: 1_000 });
    expect(store.getBook(YES_TOKEN)).toMatchObject({ status: "ok", ageMs: 1_000, snapshot: { bestBid: 0.41 } });
    expect(store.getPositions(WALLET)).toMatchObject({ status: "ok", snapshot: { positions: [{ tokenId: YES_TOKEN }] } });
  });

  test("a known token's market is refreshed by condition id on later rounds", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN, NO_TOKEN] });
    await store.refreshNow(["market"]);
    await store.refreshNow(["market"]);
    // Round 1: two token lookups. Round 2: one lookup of their shared condition.
    expect(world.calls.market).toBe(3);
  });

  test("a snapshot older than maxAgeMs is never handed out", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now, maxAgeMs: { book: 15_000 } });
    store.track({ tokenIds: [YES_TOKEN] });
    await store.refreshNow();
    world.advance(15_000);
    expect(store.getBook(YES_TOKEN).status).toBe("ok");
    world.advance(1);
    expect(store.getBook(YES_TOKEN)).toEqual({ status: "unavailable", reason: "stale", ageMs: 15_001, lastError: null });
  });

  test("an explicit undefined max age keeps the default, so snapshots still go stale", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now, maxAgeMs: { book: undefined } });
    store.track({ tokenIds: [YES_TOKEN] });
    await store.refreshNow(["book"]);
    world.advance(15_001);
    expect(store.getBook(YES_TOKEN)).toMatchObject({ status: "unavailable", reason: "stale" });
  });

  test("an invalid id reads as missing with the key error, never throws", () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    const read = store.getPositions("not-a-wallet");
    expect(read).toMatchObject({ status: "unavailable", reason: "missing" });
    expect(read.status === "unavailable" && read.lastError).toBeInstanceOf(MarketDataInvalidKeyError);
    expect(() => store.track({ tokenIds: ["0x12"] })).toThrow(MarketDataInvalidKeyError);
  });
});

describe("failed refreshes fail closed", () => {
  test("first refresh fails → missing, with the error", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN], wallets: [WALLET] });
    world.fail(upstreamDown());
    const report = await store.refreshNow();
    expect(report.refreshed).toBe(0);
    expect(report.failed.map((failure) => failure.kind).sort()).toEqual(["book", "market", "positions"]);
    const read = store.getBook(YES_TOKEN);
    expect(read).toMatchObject({ status: "unavailable", reason: "missing" });
    expect(read.status === "unavailable" && read.lastError).toBeInstanceOf(MarketDataHttpStatusError);
  });

  test("a later failure keeps the last snapshot only until it ages out", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now, maxAgeMs: { positions: 60_000 } });
    store.track({ wallets: [WALLET] });
    await store.refreshNow();
    world.fail(upstreamDown());
    world.advance(30_000);
    await store.refreshNow();
    expect(store.getPositions(WALLET)).toMatchObject({ status: "ok", ageMs: 30_000 });
    world.advance(30_001);
    const read = store.getPositions(WALLET);
    expect(read).toMatchObject({ status: "unavailable", reason: "stale", ageMs: 60_001 });
    expect(read.status === "unavailable" && read.lastError).toBeInstanceOf(MarketDataHttpStatusError);
  });

  test("a success clears the recorded error", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ wallets: [WALLET] });
    world.fail(upstreamDown());
    await store.refreshNow();
    world.fail(null);
    await store.refreshNow();
    expect(store.getPositions(WALLET)).toMatchObject({ status: "ok", snapshot: { wallet: WALLET } });
  });

  test("a book the source refuses as stale reads as stale, with its age", async () => {
    const world = setup({ bookAgeMs: 20_000 });
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN] });
    await store.refreshNow(["book"]);
    const read = store.getBook(YES_TOKEN);
    expect(read).toMatchObject({ status: "unavailable", reason: "stale", ageMs: 20_000 });
    expect(read.status === "unavailable" && read.lastError).toBeInstanceOf(MarketDataStaleError);
  });
});

describe("background refresh", () => {
  test("start() refreshes each kind on its own interval; stop() ends it", async () => {
    vi.useFakeTimers();
    const world = setup();
    const store = createMarketSnapshotStore({
      source: world.source,
      now: world.now,
      refreshIntervalMs: { market: 10_000, book: 1_000, positions: 5_000 },
    });
    store.track({ tokenIds: [YES_TOKEN], wallets: [WALLET] });
    store.start();
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(world.calls).toEqual({ market: 1, book: 1, positions: 1 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(world.calls).toEqual({ market: 2, book: 11, positions: 3 });
    store.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(world.calls).toEqual({ market: 2, book: 11, positions: 3 });
  });

  test("a slow round is not overlapped by the next tick", async () => {
    vi.useFakeTimers();
    let pending = 0;
    let calls = 0;
    const world = setup();
    const slow: MarketDataSource = {
      ...world.source,
      getBook: async (tokenId) => {
        calls += 1;
        pending += 1;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        pending -= 1;
        return world.source.getBook(tokenId);
      },
    };
    const store = createMarketSnapshotStore({ source: slow, now: world.now, refreshIntervalMs: { book: 1_000 } });
    store.track({ tokenIds: [YES_TOKEN] });
    store.start();
    await vi.advanceTimersByTimeAsync(4_500);
    expect(pending).toBe(1);
    expect(calls).toBe(1);
    store.stop();
    await vi.advanceTimersByTimeAsync(5_000);
  });
});

describe("item 4: targeted refresh and untrack", () => {
  test("refreshNow with `only` fetches just those tracked tokens' markets and books", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN, NO_TOKEN], wallets: [WALLET] });
    await store.refreshNow(["market", "book"], { tokenIds: [YES_TOKEN, "123"] }); // "123" is not tracked: ignored
    expect(world.calls).toEqual({ market: 1, book: 1, positions: 0 });
    expect(store.getBook(YES_TOKEN).status).toBe("ok");
    expect(store.getBook(NO_TOKEN).status).toBe("unavailable");
  });

  test("untrack forgets a token's book, and its market once no tracked token needs it; rounds no longer fetch it", async () => {
    const world = setup();
    const store = createMarketSnapshotStore({ source: world.source, now: world.now });
    store.track({ tokenIds: [YES_TOKEN, NO_TOKEN] });
    await store.refreshNow(["market", "book"]);
    store.untrack({ tokenIds: [YES_TOKEN] });
    expect(store.getBook(YES_TOKEN).status).toBe("unavailable");
    expect(store.getMarketByTokenId(NO_TOKEN).status).toBe("ok"); // its sibling still needs the market
    store.untrack({ tokenIds: [NO_TOKEN, "999"] });
    expect(store.getMarketByConditionId(CONDITION_ID).status).toBe("unavailable");
    const before = { ...world.calls };
    await store.refreshNow(["market", "book"]);
    expect(world.calls).toEqual(before);
  });
});
