import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { createClusterResolver } from "../../src/market/createClusterResolver";
import { createMarketSnapshotStore, type MarketSnapshotStore } from "../../src/market/createMarketSnapshotStore";
import { loadFixtureMarketDataSource } from "../../src/market/loadFixtureMarketDataSource";
import type { MarketDataSource } from "../../src/market/types";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import { FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

const PK = `0x${"6e".repeat(32)}` as const;
const owner = privateKeyToAccount(PK);
const T0 = 1_790_000_000_000;
const unknownToken = (i: number) => String(10n ** 30n + BigInt(i));

/**
 * A Warden over an unstarted snapshot store (no background rounds: every fetch is one Warden asked
 * for), whose source counts fetches per token and whose store reports what is tracked.
 */
async function countingWarden(track: { max_tokens: number; max_new_tokens_per_session_per_min: number; idle_drop_s: number }) {
  const clock = { now: T0 };
  const fixture = await loadFixtureMarketDataSource({ path: "fixtures/markets.json", now: () => clock.now });
  const fetches = new Map<string, number>();
  const count = (key: string) => fetches.set(key, (fetches.get(key) ?? 0) + 1);
  const source: MarketDataSource = {
    getMarketByConditionId: (id) => fixture.getMarketByConditionId(id),
    getMarketByTokenId: (id) => (count(`market:${id}`), fixture.getMarketByTokenId(id)),
    getBook: (id) => (count(`book:${id}`), fixture.getBook(id)),
    getPositions: (wallet) => fixture.getPositions(wallet),
  };
  const inner = createMarketSnapshotStore({ source, now: () => clock.now });
  const tracked = new Set<string>();
  let maxTracked = 0;
  const store: MarketSnapshotStore = {
    ...inner,
    track(t) {
      inner.track(t);
      for (const id of t.tokenIds ?? []) tracked.add(id);
      maxTracked = Math.max(maxTracked, tracked.size);
    },
    untrack(t) {
      inner.untrack(t);
      for (const id of t.tokenIds ?? []) tracked.delete(id);
    },
  };
  const clusters = createClusterResolver({ assignments: {}, getMarketByTokenId: (t) => inner.getMarketByTokenId(t) });
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(PK),
    now: () => clock.now,
    marketData: { store, clusters },
    config: { ...roomyRisk, market_data: { track: { token_ids: [], ...track } }, store: { path: join(tempDir(), "w.db"), synchronous: "NORMAL" }, log: { level: "silent" } },
  });
  await inner.refreshNow(["positions"]); // the wallet's positions (none), which exposure and drawdown read
  const settle = () => new Promise((r) => setTimeout(r, 20));
  return { warden, clock, fetches, tracked, maxTracked: () => maxTracked, settle };
}

const longSession = { max_calls_per_session: 1_000_000, idle_timeout_s: 30 * 86_400, max_session_lifetime_h: 720 };

describe("item 4: unknown tokens cannot grow Warden's work without bound", () => {
  test("10,000 unknown tokens from a live session: one fetch per new token, never more tracked than max_tokens, idle ones dropped", async () => {
    const w = await countingWarden({ max_tokens: 300, max_new_tokens_per_session_per_min: 50, idle_drop_s: 600 });
    const s = await grant(w.warden, owner, longSession);
    const account = toSessionAccount({ warden: w.warden, credential: s.credential, strategyId: "nba-mm" });
    const codes = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      // 100 orders a minute (the per-session rate lets 50 of them add a token).
      if (i > 0 && i % 100 === 0) w.clock.now += 61_000;
      const code = await account
        .signTypedData(orderTypedData(owner.address, { tokenId: unknownToken(i), salt: String(i + 1), timestamp: String(w.clock.now) }) as never)
        .then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code as string);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      expect(w.tracked.size).toBeLessThanOrEqual(300);
    }
    await w.settle();
    const added = codes.get("MARKET_HALT_GUARD_DATA_UNAVAILABLE") ?? 0; // tracked, its data not there yet
    expect(codes.get("APPROVE")).toBeUndefined();
    expect(codes.get("MARKET_DATA_TRACKING_RATE_EXCEEDED")).toBeGreaterThan(0);
    expect(codes.get("MARKET_DATA_TRACKING_FULL")).toBeGreaterThan(0);
    expect(added + (codes.get("MARKET_DATA_TRACKING_RATE_EXCEEDED") ?? 0) + (codes.get("MARKET_DATA_TRACKING_FULL") ?? 0)).toBe(10_000);
    // Refreshes per new token = 1: its book and its market were fetched once each, and no other
    // token was refreshed because of it; a token that was never tracked was never fetched.
    const books = [...w.fetches].filter(([k]) => k.startsWith("book:"));
    expect(books).toHaveLength(added);
    expect(books.every(([, n]) => n === 1)).toBe(true);
    expect([...w.fetches].filter(([k]) => k.startsWith("market:")).every(([, n]) => n === 1)).toBe(true);
    expect(w.maxTracked()).toBe(300);
    // Idle tokens were dropped to make room: far more were added over the run than fit at once.
    expect(added).toBeGreaterThan(300);
    expect(w.tracked.size).toBeLessThanOrEqual(300);
    await w.warden.close();
  }, 120_000);

  test("denied requests from a session without a live grant trigger no tracking at all", async () => {
    const w = await countingWarden({ max_tokens: 300, max_new_tokens_per_session_per_min: 50, idle_drop_s: 600 });
    const order = (credential: string, strategyId: string, i: number) =>
      toSessionAccount({ warden: w.warden, credential, strategyId })
        .signTypedData(orderTypedData(owner.address, { tokenId: unknownToken(i), salt: String(i + 1), timestamp: String(w.clock.now) }) as never)
        .then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code as string);
    const revoked = await grant(w.warden, owner, longSession);
    await w.warden.revokeSession({ session_id: revoked.session_id, signature: await owner.signTypedData(w.warden.sessionRevokeTypedData(revoked.session_id)) });
    const live = await grant(w.warden, owner, longSession);
    const expiring = await grant(w.warden, owner, { ...longSession, max_session_lifetime_h: 1 });
    const other = await grant(w.warden, owner, { ...longSession, strategy_id: "other" });
    const before = w.tracked.size;
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      codes.add(await order(`wdn_${"x".repeat(43)}`, "nba-mm", i)); // bad credential
      codes.add(await order(`${revoked.credential}x`, "nba-mm", i)); // credential of nothing
      codes.add(await order(revoked.credential, "nba-mm", i)); // revoked
      codes.add(await order(other.credential, "nba-mm", i)); // another strategy's session
    }
    w.clock.now += 3_600_001; // past `expiring`'s lifetime
    for (let i = 200; i < 300; i++) codes.add(await order(expiring.credential, "nba-mm", i));
    await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "other", actor: "risk", reason: "test" });
    const killed = await grant(w.warden, owner, { ...longSession, strategy_id: "other" }); // granted while armed: not revoked
    for (let i = 300; i < 400; i++) codes.add(await order(killed.credential, "other", i));
    await w.settle();
    expect(codes).not.toContain("APPROVE");
    expect([...codes].sort()).toEqual(expect.arrayContaining(["SESSION_CREDENTIAL_INVALID", "SESSION_REVOKED", "KILL_SWITCH_ACTIVE"]));
    expect(w.tracked.size).toBe(before);
    expect(w.fetches.size).toBe(0);
    // The same unknown token from a live session is tracked (and fetched) at once.
    expect(await order(live.credential, "nba-mm", 0)).toBe("MARKET_HALT_GUARD_DATA_UNAVAILABLE");
    await w.settle();
    expect([...w.fetches.keys()].sort()).toEqual([`book:${unknownToken(0)}`, `market:${unknownToken(0)}`]);
    await w.warden.close();
  });

  test("a new token's first fetch is that token's alone, and its retry is approved once the data is in", async () => {
    const w = await countingWarden({ max_tokens: 10, max_new_tokens_per_session_per_min: 10, idle_drop_s: 600 });
    const s = await grant(w.warden, owner, longSession);
    const account = toSessionAccount({ warden: w.warden, credential: s.credential, strategyId: "nba-mm" });
    const order = (tokenId: string, salt: string) =>
      account.signTypedData(orderTypedData(owner.address, { tokenId, salt, timestamp: String(w.clock.now) }) as never).then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code);
    for (let i = 0; i < 5; i++) await order(unknownToken(i), String(i + 1));
    await w.settle();
    expect(await order(FIXTURE_TOKEN, "100")).toBe("MARKET_HALT_GUARD_DATA_UNAVAILABLE");
    await w.settle();
    expect(w.fetches.get(`book:${FIXTURE_TOKEN}`)).toBe(1);
    // Five unknown tokens tracked before it, and none of them fetched again.
    expect([...w.fetches].filter(([k]) => k.startsWith("book:")).map(([, n]) => n)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await order(FIXTURE_TOKEN, "101")).toBe("APPROVE");
    await w.warden.close();
  });
});
