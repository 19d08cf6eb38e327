import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type Hex, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { reasonCodes } from "../../src/core/reasonCodes";
import type { SessionRequest } from "../../src/core/sessionRequestSchema";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import type { SecurityAlert } from "../../src/warden/Warden";
import { CLOB_AUTH_TYPES, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

const PK = `0x${"5d".repeat(32)}` as const;
const owner = privateKeyToAccount(PK);
let salt = 1;

/** A Warden on the offline fixtures (book of FIXTURE_TOKEN: bid 0.41, ask 0.42) with one session. */
async function signing(config: WardenConfigInput = {}, scope: Partial<SessionRequest> = {}, path = join(tempDir(), "w.db")) {
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(PK),
    config: { ...roomyRisk, store: { path, synchronous: "NORMAL" }, log: { level: "silent" }, ...config },
  });
  const s = await grant(warden, owner, { max_calls_per_session: 100_000, ...scope });
  const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
  /** Signs an order; the deciding vote's bot and code, or APPROVE. */
  const decide = (o: Parameters<typeof orderTypedData>[1]) =>
    account.signTypedData(orderTypedData(owner.address, { salt: String(salt++), ...o }) as never).then(
      () => ["APPROVE"],
      (e: SigningDeniedError) => [e.vote.reason_code, e.vote.bot_id, e.vote.evidence],
    );
  return { warden, session: s, decide, path };
}
const sell = (shares: bigint, pusd: bigint) => ({ side: 1, makerAmount: String(shares), takerAmount: String(pusd) });

describe("item 1: a SELL is capped by what the wallet gives", () => {
  test("under a 100 pUSD cap: 100,000 shares at 0.001 and 1e9 shares for 0.000001 pUSD are denied; 100 shares at 0.41 is signed", async () => {
    // MarketQualityGuard shadowed so the cap decides (it would refuse these prices first: see below).
    const { warden, decide } = await signing({ risk: { ...roomyRisk.risk, market_quality: { mode: "shadow_only" } } }, { max_per_call_size_usd: 100 });
    expect(await decide(sell(100_000_000_000n, 100_000_000n))).toEqual([
      "WALLET_PERMISSION_DENIED",
      "sec.wallet_permission_guard",
      { side: "SELL", gives_usd: 100_000, max_per_call_size_usd: 100, size_exceeded: true },
    ]);
    expect((await decide(sell(10n ** 15n, 1n))).slice(0, 2)).toEqual(["WALLET_PERMISSION_DENIED", "sec.wallet_permission_guard"]);
    expect(await decide(sell(100_000_000n, 41_000_000n))).toEqual(["APPROVE"]);
    // BUY: the cap is the pUSD paid, at the cap and one base unit past it.
    expect(await decide({ makerAmount: "100000000", takerAmount: "250000000" })).toEqual(["APPROVE"]);
    expect((await decide({ makerAmount: "100000001", takerAmount: "250000000" }))[0]).toBe("WALLET_PERMISSION_DENIED");
    await warden.close();
  });

  test("the price band is a session scope check, not shadowed: with the WalletPermissionGuard and MarketQualityGuard in shadow_only, a SELL below min_sell_price is still denied", async () => {
    const shadowed: WardenConfigInput = {
      guards: { wallet_permission_guard: { mode: "shadow_only" } },
      risk: { ...roomyRisk.risk, market_quality: { mode: "shadow_only" } },
    };
    const { warden, decide } = await signing(shadowed, { max_per_call_size_usd: 100, min_sell_price: 0.01 });
    expect(await decide(sell(10n ** 15n, 1n))).toEqual([
      "WALLET_PERMISSION_DENIED",
      "sec.session_scope",
      { side: "SELL", bound: "min_sell_price", limit_price_micros: "0", min_sell_price_micros: "10000" },
    ]);
    expect(await decide(sell(100_000_000n, 1_000_000n))).toEqual(["APPROVE"]); // 0.01 exactly: at the floor
    expect((await decide(sell(100_000_000n, 999_999n)))[1]).toBe("sec.session_scope");
    await warden.close();
  });

  test("the band is in the SessionGrant the owner signs, and a restarted Warden still enforces it", async () => {
    const first = await signing({}, { max_buy_price: 0.415, min_sell_price: 0.405 });
    const request = await first.warden.requestSession({ strategy_id: "nba-mm", max_buy_price: 0.415, min_sell_price: 0.405 });
    expect(request.typed_data.message).toMatchObject({ maxBuyPriceMicros: 415_000n, minSellPriceMicros: 405_000n });
    expect(request.typed_data.types.SessionGrant.map((f) => f.name)).toEqual(expect.arrayContaining(["maxBuyPriceMicros", "minSellPriceMicros"]));
    expect(await first.decide({ makerAmount: "41500000", takerAmount: "100000000" })).toEqual(["APPROVE"]);
    expect((await first.decide({ makerAmount: "41500001", takerAmount: "100000000" }))[1]).toBe("sec.session_scope");
    await first.warden.close();
    const again = await createWarden({
      wallet: WalletKey.fromPrivateKey(PK),
      config: { ...roomyRisk, store: { path: first.path, synchronous: "NORMAL" }, log: { level: "silent" } },
    });
    const account = toSessionAccount({ warden: again, credential: first.session.credential, strategyId: "nba-mm" });
    const code = (o: Parameters<typeof orderTypedData>[1]) =>
      account.signTypedData(orderTypedData(owner.address, { salt: String(salt++), ...o }) as never).then(
        () => "APPROVE",
        (e: SigningDeniedError) => `${e.vote.bot_id}:${e.vote.reason_code}`,
      );
    expect(await code(sell(100_000_000n, 40_499_999n))).toBe("sec.session_scope:WALLET_PERMISSION_DENIED");
    expect(await code(sell(100_000_000n, 40_500_000n))).toBe("APPROVE");
    await again.close();
  });

  test.each([
    [{ max_buy_price: 0 }, "max_buy_price must be greater than 0 pUSD per share"],
    [{ max_buy_price: 1.01 }, "max_buy_price must be at most 1 pUSD per share"],
    [{ min_sell_price: -0.1 }, "min_sell_price must be >= 0 pUSD per share"],
    [{ min_sell_price: 0.1234567 }, "min_sell_price has more than 6 decimals"],
    [{ min_sell_price: "0.1" }, "min_sell_price must be a price in pUSD per share"],
  ])("a bad band %j is refused naming the field and the fix", async (bad, message) => {
    const { warden } = await signing();
    await expect(warden.requestSession({ strategy_id: "nba-mm", ...(bad as object) })).rejects.toThrow(message);
    await warden.close();
  });
});

describe("item 3: ClobAuth is never a default", () => {
  const T = 1_790_000_000_000;
  const bothMethods: Partial<SessionRequest> = { method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"], idle_timeout_s: 86_400 };
  const clobAuthDoc = (nowMs: number, nonce: number) => ({
    domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
    types: CLOB_AUTH_TYPES,
    primaryType: "ClobAuth",
    message: { address: owner.address, timestamp: String(Math.floor(nowMs / 1000)), nonce: BigInt(nonce), message: "This message attests that I control the given wallet" },
  });
  async function clobAuthWarden(path: string, allow: boolean, clock: { now: number }, alerts: SecurityAlert[] = []) {
    return createWarden({
      wallet: WalletKey.fromPrivateKey(PK),
      now: () => clock.now,
      onSecurityAlert: (a) => alerts.push(a),
      config: { ...roomyRisk, store: { path, synchronous: "NORMAL" }, log: { level: "silent" }, sessions: { allow_clob_auth: allow } },
    });
  }
  const outcome = (account: ReturnType<typeof toSessionAccount>, doc: ReturnType<typeof clobAuthDoc>) =>
    account.signTypedData(doc as never).then(
      (sig) => ({ signature: sig }),
      (e: SigningDeniedError) => ({ code: e.vote.reason_code, bot: e.vote.bot_id, evidence: e.vote.evidence }),
    );

  test("by default a session asking for ClobAuth.sign is refused at requestSession, naming the field and the fix", async () => {
    const { warden } = await signing();
    await expect(warden.requestSession({ strategy_id: "nba-mm", ...bothMethods })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Invalid session request.
      ✖ method_whitelist: ClobAuth.sign is off on this Warden (an API key of the wallet can read and cancel every order of the wallet, other strategies' too, and delete its keys); remove ClobAuth.sign from the request, or have the operator set sessions.allow_clob_auth: true]
    `);
    await warden.close();
    expect(() => parseConfig({ sessions: { defaults: { method_whitelist: ["ClobAuth.sign"] } } })).toThrow(
      "sessions.defaults.method_whitelist lists ClobAuth.sign but sessions.allow_clob_auth is false",
    );
  });

  test("enabled: the grant warns what an API key can do; each ClobAuth is signed, audited, and at most clob_auth_per_hour (3) per session per hour, across a restart", async () => {
    const clock = { now: T };
    const path = join(tempDir(), "w.db");
    const w1 = await clobAuthWarden(path, true, clock);
    const request = await w1.requestSession({ strategy_id: "nba-mm", ...bothMethods });
    expect(request.warnings.map((w) => w.reason_code)).toEqual(["CLOB_AUTH_SCOPE_WARN"]);
    expect(reasonCodes.CLOB_AUTH_SCOPE_WARN.message).toBe(
      "This session can create API keys for your wallet. An API key can read and cancel every order of the wallet, including other strategies' orders, and delete the wallet's API keys.",
    );
    const s = await w1.grantSession({ grant_id: request.grant_id, signature: await owner.signTypedData(request.typed_data) });
    const a1 = toSessionAccount({ warden: w1, credential: s.credential, strategyId: "nba-mm" });
    // Ten at once: exactly three are signed, the others refused by the rate limit.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(a1, clobAuthDoc(clock.now, i))));
    const signed = burst.filter((r) => "signature" in r);
    expect(signed).toHaveLength(3);
    expect(burst.filter((r) => "code" in r)).toEqual(
      Array.from({ length: 7 }, () => ({ code: "CLOB_AUTH_RATE_EXCEEDED", bot: "sec.session_scope", evidence: { signed_last_hour: 3, clob_auth_per_hour: 3 } })),
    );
    const first = burst.findIndex((r) => "signature" in r);
    const doc = clobAuthDoc(clock.now, first);
    expect(await recoverTypedDataAddress({ ...doc, primaryType: "ClobAuth", signature: (signed[0] as { signature: Hex }).signature })).toBe(owner.address);
    const audited = (await w1.store.readAudit(1, 100)).map((r) => JSON.parse(r.payload_json)).filter((p) => p.method === "ClobAuth.sign");
    expect(audited.filter((p) => p.decision === "APPROVE")).toHaveLength(3);
    expect(audited.filter((p) => p.reason_code === "CLOB_AUTH_RATE_EXCEEDED")).toHaveLength(7);
    await w1.close();

    // A restart does not reset the hour.
    clock.now += 30 * 60_000;
    const w2 = await clobAuthWarden(path, true, clock);
    const a2 = toSessionAccount({ warden: w2, credential: s.credential, strategyId: "nba-mm" });
    expect(await outcome(a2, clobAuthDoc(clock.now, 100))).toMatchObject({ code: "CLOB_AUTH_RATE_EXCEEDED" });
    clock.now += 30 * 60_000 + 1;
    expect(await outcome(a2, clobAuthDoc(clock.now, 101))).toHaveProperty("signature");
    await w2.close();
  });

  test("a session granted while it was enabled signs no ClobAuth after a restart with it disabled (and it is a security alert)", async () => {
    const clock = { now: T };
    const path = join(tempDir(), "w.db");
    const w1 = await clobAuthWarden(path, true, clock);
    const s = await grant(w1, owner, bothMethods);
    expect(await outcome(toSessionAccount({ warden: w1, credential: s.credential, strategyId: "nba-mm" }), clobAuthDoc(clock.now, 1))).toHaveProperty("signature");
    await w1.close();
    const alerts: SecurityAlert[] = [];
    const w2 = await clobAuthWarden(path, false, clock, alerts);
    expect(await outcome(toSessionAccount({ warden: w2, credential: s.credential, strategyId: "nba-mm" }), clobAuthDoc(clock.now, 2))).toEqual({
      code: "WALLET_PERMISSION_DENIED",
      bot: "sec.session_scope",
      evidence: { method: "ClobAuth.sign", allow_clob_auth: false, in_whitelist: true },
    });
    expect(alerts.map((a) => a.alert)).toEqual(["WalletPermissionDenied"]);
    await w2.close();
  });
});

describe("item 7a: a replay of a recorded intent with a different strategy_id is denied", () => {
  test("SESSION_STRATEGY_MISMATCH with a security alert and an audit record; the session's own strategy still gets the recorded signature, even with the budget spent", async () => {
    const alerts: SecurityAlert[] = [];
    const warden = await createWarden({
      wallet: WalletKey.fromPrivateKey(PK),
      onSecurityAlert: (a) => alerts.push(a),
      config: { ...roomyRisk, store: { path: join(tempDir(), "w.db"), synchronous: "NORMAL" }, log: { level: "silent" } },
    });
    const s = await grant(warden, owner, { max_calls_per_session: 1 });
    const td = orderTypedData(owner.address, { salt: "777" }) as never;
    const signature = await toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" }).signTypedData(td);
    const replay = await toSessionAccount({ warden, credential: s.credential, strategyId: "another-strategy" })
      .signTypedData(td)
      .catch((e: SigningDeniedError) => e);
    expect((replay as SigningDeniedError).vote).toMatchObject({
      reason_code: "SESSION_STRATEGY_MISMATCH",
      evidence: { session_strategy_id: "nba-mm", claimed_strategy_id: "another-strategy" },
    });
    expect(alerts.map((a) => [a.alert, a.strategy_id])).toEqual([["SessionStrategyMismatch", "nba-mm"]]);
    const last = (await warden.store.readAudit(1, 100)).at(-1);
    expect(JSON.parse(last?.payload_json ?? "{}")).toMatchObject({ decision: "DENY", reason_code: "SESSION_STRATEGY_MISMATCH" });
    // The budget (1 call) is spent: a new intent is refused, the recorded one is still returned.
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    expect(await account.signTypedData(td)).toBe(signature);
    expect(((await account.signTypedData(orderTypedData(owner.address, { salt: "778" }) as never).catch((e) => e)) as SigningDeniedError).vote.reason_code).toBe("SESSION_KEY_EXPIRED");
    expect((await warden.getSession(s.session_id))?.calls_used).toBe(1);
    await warden.close();
  });
});

describe("SignOptions.sharedCommit: the decisions of one event-loop turn share a commit", () => {
  /** Two signs started in two callbacks of one turn (as an HTTP server starts two requests); decisions committed seen from another connection. */
  async function twoCallbacks(sharedCommit: boolean) {
    const { warden, session, path } = await signing();
    const reader = new DatabaseSync(path, { readOnly: true });
    const committed = () => (reader.prepare("SELECT count(*) AS n FROM audit WHERE kind = 'decision'").get() as { n: number }).n;
    const sign = () =>
      warden.sign({ credential: session.credential, strategy_id: "nba-mm", request: { kind: "typed_data", typedData: orderTypedData(owner.address, { salt: String(salt++) }) as never } }, { sharedCommit });
    await sign(); // the day's first order loads its start-of-day equity: not what this test is about
    const base = committed();
    const settled: Promise<number>[] = [];
    const afterBothCallbacks = await new Promise<number>((resolve) => {
      setImmediate(() => settled.push(sign().then(() => committed() - base)));
      setImmediate(() => settled.push(sign().then(() => committed() - base)));
      setImmediate(() => resolve(committed() - base));
    });
    const atEachResolve = await Promise.all(settled);
    reader.close();
    await warden.close();
    return { afterBothCallbacks, atEachResolve };
  }

  test("without it, a call that finds no other under way commits alone, in its own callback", async () => {
    expect(await twoCallbacks(false)).toEqual({ afterBothCallbacks: 2, atEachResolve: [1, 2] });
  });

  test("with it, neither commits alone: both are committed together after the turn, and each resolves only once durable", async () => {
    expect(await twoCallbacks(true)).toEqual({ afterBothCallbacks: 0, atEachResolve: [2, 2] });
  });
});
