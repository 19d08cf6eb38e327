import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import type { SessionRequest } from "../../src/core/sessionRequestSchema";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import { grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

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
