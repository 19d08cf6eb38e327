import { zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { V2Order } from "../../src/core/polymarket/V2Order";
import { type SignedOrder, exchangeStandIn, freshAccount, revertName } from "./helpers/exchangeStandIn";

type StandIn = Awaited<ReturnType<typeof exchangeStandIn>>;
const M = 1_000_000n;
const OK = "(no revert)";

describe("TestCTFExchangeV2.matchOrders: operator only, not paused, orders valid, prices crossing, fills within size", () => {
  let s: StandIn;
  beforeAll(async () => {
    s = await exchangeStandIn();
  });
  afterAll(async () => s?.close());

  /** A BUY of token 7 at 0.50 (50 pUSD for 100 shares) and SELLs against it, each by a fresh key. */
  const buy = (over: Partial<V2Order> = {}) => s.signedBy(freshAccount(), { side: 0, makerAmount: 50n * M, takerAmount: 100n * M, ...over });
  const sell = (over: Partial<V2Order> = {}) => s.signedBy(freshAccount(), { side: 1, makerAmount: 100n * M, takerAmount: 50n * M, ...over });
  /** The revert of matchOrders now, or "(no revert)" after sending it. */
  const match = async (taker: SignedOrder, makers: SignedOrder[], takerFill: bigint, fills: bigint[], takerFee = 0n, fees = fills.map(() => 0n), account = s.operator.account) => {
    const args = [zeroHash, taker, makers, takerFill, fills, takerFee, fees] as const;
    const reverted = await s.revertOf("matchOrders", args, account.address);
    if (reverted === OK) await s.exchange.write.matchOrders(args, { account });
    return reverted;
  };
  const status = async (o: SignedOrder) => {
    const { filled, remaining } = await s.exchange.read.getOrderStatus([await s.exchange.read.hashOrder([o])]);
    return { filled, remaining };
  };

  it("only the operator, and not while trading is paused", async () => {
    const [taker, maker] = [await buy(), await sell()];
    expect(await match(taker, [maker], 10n * M, [20n * M], 0n, [0n], s.stranger.account)).toBe("NotOperator");
    expect(await s.revertOf("pauseTrading", [], s.stranger.account.address)).toBe("NotOperator");
    await s.exchange.write.pauseTrading();
    expect(await match(taker, [maker], 10n * M, [20n * M])).toBe("Paused");
    await s.exchange.write.unpauseTrading();
    expect(await match(taker, [maker], 10n * M, [20n * M])).toBe(OK);
  });

  it("needs makers and matching array lengths", async () => {
    const [taker, maker] = [await buy(), await sell()];
    expect(await match(taker, [], 0n, [])).toBe("NoMakerOrders");
    expect(await match(taker, [maker], 10n * M, [20n * M, 1n])).toBe("MismatchedArrayLengths");
    expect(await match(taker, [maker], 10n * M, [20n * M], 0n, [])).toBe("MismatchedArrayLengths");
  });

  it("validates every order: a forged or missing signature, a zero maker amount", async () => {
    const taker = await buy();
    const forged = { ...(await sell()), signature: (await buy()).signature };
    expect(await match(taker, [forged], 10n * M, [20n * M])).toBe("InvalidSignature");
    expect(await match({ ...taker, signature: "0x" }, [await sell()], 10n * M, [20n * M])).toBe("InvalidSignature");
    const alice = freshAccount();
    const zero = await s.signedBy(alice, { side: 1, makerAmount: 0n, takerAmount: 0n });
    expect(await match(taker, [zero], 0n, [0n])).toBe("ZeroMakerAmount");
  });

  it("refuses a maker whose pauseUser has taken effect, and matches it again once unpaused", async () => {
    const alice = freshAccount();
    const maker = await s.signedBy(alice, { side: 1, makerAmount: 100n * M, takerAmount: 50n * M });
    await s.networkHelpers.impersonateAccount(alice.address);
    await s.networkHelpers.setBalance(alice.address, 10n ** 18n);
    await s.exchange.write.pauseUser({ account: alice.address });
    expect(await match(await buy(), [maker], 5n * M, [10n * M])).toBe(OK);
    await s.networkHelpers.mine(100);
    expect(await match(await buy(), [maker], 5n * M, [10n * M])).toBe("UserIsPaused");
    await s.exchange.write.unpauseUser({ account: alice.address });
    expect(await match(await buy(), [maker], 5n * M, [10n * M])).toBe(OK);
    expect(await status(maker)).toEqual({ filled: false, remaining: 80n * M });
  });

  it("complementary: the buy price must be at least the sell price; one token", async () => {
    expect(await match(await buy(), [await sell({ takerAmount: 50n * M + 1n })], 50n * M, [100n * M])).toBe("NotCrossing");
    expect(await match(await buy(), [await sell({ tokenId: 8n })], 50n * M, [100n * M])).toBe("MismatchedTokenIds");
    expect(await match(await buy(), [await sell()], 50n * M, [100n * M])).toBe(OK);
  });

  it("records fills: remaining in maker units, filled once nothing remains, no fill beyond it", async () => {
    const [taker, maker] = [await buy(), await sell()];
    expect(await status(maker)).toEqual({ filled: false, remaining: 0n });
    expect(await match(taker, [maker], 20n * M, [40n * M])).toBe(OK);
    expect(await status(maker)).toEqual({ filled: false, remaining: 60n * M });
    expect(await status(taker)).toEqual({ filled: false, remaining: 30n * M });
    const taker2 = await buy();
    expect(await match(taker2, [maker], 50n * M, [60n * M + 1n])).toBe("MakingGtRemaining");
    expect(await match(taker2, [maker], 50n * M, [60n * M])).toBe(OK);
    expect(await status(maker)).toEqual({ filled: true, remaining: 0n });
    expect(await match(await buy(), [maker], 50n * M, [1n])).toBe("OrderAlreadyFilled");
    expect(await revertName(s.exchange.read.validateOrder([maker]))).toBe("OrderAlreadyFilled");
  });

  it("complementary: the makers may consume no more of the taker than takerFillAmount", async () => {
    const [taker, maker] = [await buy(), await sell()];
    expect(await match(taker, [maker], 20n * M - 1n, [40n * M])).toBe("ComplementaryFillExceedsTakerFill");
    expect(await match(taker, [maker], 20n * M, [40n * M])).toBe(OK);
  });

  it("fees at most 5% (the default max fee rate) of the cash side", async () => {
    // Maker SELL of 40 shares at 0.50 takes 20 pUSD: at most 1 pUSD fee. Taker BUY spends 20 pUSD: at most 1 pUSD.
    expect(await match(await buy(), [await sell()], 20n * M, [40n * M], 0n, [M + 1n])).toBe("FeeExceedsMaxRate");
    expect(await match(await buy(), [await sell()], 20n * M, [40n * M], M + 1n, [0n])).toBe("FeeExceedsMaxRate");
    expect(await match(await buy(), [await sell()], 20n * M, [40n * M], M, [M])).toBe(OK);
  });

  it("two buys (MINT) cross when their prices sum to at least 1, two sells (MERGE) at most 1; on the two tokens", async () => {
    const buy8 = (makerAmount: bigint) => buy({ tokenId: 8n, makerAmount });
    expect(await match(await buy(), [await buy8(49n * M)], 25n * M, [24n * M])).toBe("NotCrossing");
    expect(await match(await buy(), [await buy()], 25n * M, [25n * M])).toBe("MismatchedTokenIds");
    const taker = await buy();
    const maker = await buy8(50n * M);
    expect(await match(taker, [maker], 25n * M, [25n * M])).toBe(OK);
    expect(await status(taker)).toEqual({ filled: false, remaining: 25n * M });
    expect(await status(maker)).toEqual({ filled: false, remaining: 25n * M });
    const sell8 = (takerAmount: bigint) => sell({ tokenId: 8n, takerAmount });
    expect(await match(await sell(), [await sell8(50n * M + 1n)], 100n * M, [100n * M])).toBe("NotCrossing");
    expect(await match(await sell(), [await sell8(50n * M)], 100n * M, [100n * M])).toBe(OK);
  });
});
