import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Hex, concatHex, encodeAbiParameters, encodeFunctionData, keccak256, padHex, parseEventLogs, sliceHex, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeOrderData } from "../../src/chain/encodeOrderData";
import { encodeWardenOrderSignature } from "../../src/chain/encodeWardenOrderSignature";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { hashSessionOrder } from "../../src/chain/hashSessionOrder";
import { ORDER_TYPE_HASH } from "../../src/core/polymarket/orderTypes";
import { signWardenOrder } from "../../src/chain/signWardenOrder";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenStatus } from "../../src/chain/generated/wardenStatus";
import { ANY_BUY_PRICE, ANY_SELL_PRICE, CAP, MAX_AGE, useWardenFixture } from "./helpers/wardenFixture";
import { amountWord, refusal } from "./helpers/moduleCalls";
import { SECP256K1_N, payloadParts, rawPayload, splitMuxerSignature } from "./helpers/payloads";
import { createSafe, execSafeTx, safeAbi } from "./helpers/safes";

describe("WardenModule orders (isValidSignature through Safe 1.5.0 ExtensibleFallbackHandler)", () => {
  const f = useWardenFixture({ beforeAll, beforeEach });

  /** Grants a default session and returns key, id and a helper that signs and judges an order. */
  async function session(limits: Parameters<ReturnType<typeof f>["defaultGrant"]>[2] = {}, overrides = {}) {
    const { account, sessionId } = await f().newSession(overrides, limits);
    const judge = async (orderOverrides = {}, index = 0) => {
      const order = await f().makeOrder(orderOverrides);
      const signature = await f().signOrder(account, sessionId, order, index);
      const accepted = await f().exchangeAccepts(order, signature, index);
      const { status, info } = await f().verdict(order, splitMuxerSignature(signature).payload, index);
      expect(accepted).toBe(status === "Ok"); // the exchange and the module's explanation agree
      return { accepted, status, info, order, signature };
    };
    return { key: account, sessionId, judge };
  }

  it("accepts an in-scope order signed by the session key on all three exchanges", async () => {
    const { judge } = await session();
    for (const index of [0, 1, 2]) expect((await judge({}, index)).status).toBe("Ok");
  });

  describe("item 1: the per-call cap bounds what the Safe gives — makerAmount on both sides", () => {
    const CAP_100 = 100_000_000n; // $100 in pUSD base units

    it("accepts a BUY paying exactly the cap and refuses one base unit more", async () => {
      const { judge } = await session({ maxPerCallMicroUsd: CAP_100 });
      expect((await judge({ makerAmount: CAP_100, takerAmount: 200_000_000n })).status).toBe("Ok");
      const over = await judge({ makerAmount: CAP_100 + 1n, takerAmount: 200_000_000n });
      expect([over.status, BigInt(over.info)]).toEqual(["SizeCapExceeded", CAP_100 + 1n]);
    });
    it("item 1: SELL is capped by shares given — 100,000 shares at 0.001 are refused though they fetch only 100 pUSD", async () => {
      const { judge } = await session({ maxPerCallMicroUsd: CAP_100 });
      const r = await judge({ side: 1, makerAmount: 100_000n * 1_000_000n, takerAmount: 100_000_000n });
      expect([r.status, BigInt(r.info)]).toEqual(["SizeCapExceeded", 100_000_000_000n]);
    });
    it("item 1: SELL of 1e9 shares for 0.000001 pUSD is refused", async () => {
      const { judge } = await session({ maxPerCallMicroUsd: CAP_100 });
      const r = await judge({ side: 1, makerAmount: 10n ** 9n * 1_000_000n, takerAmount: 1n });
      expect([r.status, BigInt(r.info)]).toEqual(["SizeCapExceeded", 10n ** 15n]);
    });
    it("accepts a SELL of shares worth at most the cap at a fair price inside the band, and refuses one more share unit", async () => {
      const { judge } = await session({ maxPerCallMicroUsd: CAP_100, minSellPriceMicroUsd: 400_000 });
      expect((await judge({ side: 1, makerAmount: CAP_100, takerAmount: 55_000_000n })).status).toBe("Ok"); // 100 shares at 0.55
      const over = await judge({ side: 1, makerAmount: CAP_100 + 1n, takerAmount: 55_000_000n });
      expect([over.status, BigInt(over.info)]).toEqual(["SizeCapExceeded", CAP_100 + 1n]);
    });
    it("no longer caps what a SELL receives: a takerAmount far above the cap is accepted", async () => {
      const { judge } = await session({ maxPerCallMicroUsd: CAP_100 });
      expect((await judge({ side: 1, makerAmount: 50_000_000n, takerAmount: 10n ** 12n })).status).toBe("Ok");
    });
    it("refuses a side other than BUY or SELL", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData({ ...order, side: 0 }).replace(/0{64}(?=(.{64}){4}$)/, "0".repeat(63) + "2") as Hex;
      const digest = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeData]);
      const v = await f().verdict(order, await f().sessionPayload(key, sessionId, digest), 0, encodeData);
      expect([v.status, BigInt(v.info)]).toEqual(["MalformedOrder", 2n]);
    });
  });

  describe("item 1: price band in micro-pUSD per share (1e6 = 1.0), enforced without an oracle", () => {
    it("accepts a BUY at maxBuyPrice and refuses one unit past it (amount, price and bound)", async () => {
      const { judge } = await session({ maxBuyPriceMicroUsd: 600_000 });
      expect((await judge({ makerAmount: 60_000_000n, takerAmount: 100_000_000n })).status).toBe("Ok"); // 100 shares at 0.60
      const pennyMore = await judge({ makerAmount: 60_000_001n, takerAmount: 100_000_000n }); // 0.60000001, reported rounded up
      expect([pennyMore.status, BigInt(pennyMore.info)]).toEqual(["PriceOutOfBand", 600_001n]);
      const tickMore = await judge({ makerAmount: 60_000_100n, takerAmount: 100_000_000n }); // 0.600001
      expect([tickMore.status, BigInt(tickMore.info)]).toEqual(["PriceOutOfBand", 600_001n]);
      const oneShareLess = await judge({ makerAmount: 60_000_000n, takerAmount: 99_999_999n });
      expect(oneShareLess.status).toBe("PriceOutOfBand");
      const tighter = await session({ maxBuyPriceMicroUsd: 599_999 });
      const atOldLimit = await tighter.judge({ makerAmount: 60_000_000n, takerAmount: 100_000_000n });
      expect([atOldLimit.status, BigInt(atOldLimit.info)]).toEqual(["PriceOutOfBand", 600_000n]);
    });
    it("accepts a SELL at minSellPrice and refuses one unit past it (amount, price and bound)", async () => {
      const { judge } = await session({ minSellPriceMicroUsd: 400_000 });
      expect((await judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 40_000_000n })).status).toBe("Ok"); // 100 shares at 0.40
      const unitLess = await judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 39_999_999n }); // 0.39999999, reported rounded down
      expect([unitLess.status, BigInt(unitLess.info)]).toEqual(["PriceOutOfBand", 399_999n]);
      const tickLess = await judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 39_999_900n }); // 0.399999
      expect([tickLess.status, BigInt(tickLess.info)]).toEqual(["PriceOutOfBand", 399_999n]);
      const oneShareMore = await judge({ side: 1, makerAmount: 100_000_001n, takerAmount: 40_000_000n });
      expect(oneShareMore.status).toBe("PriceOutOfBand");
      const tighter = await session({ minSellPriceMicroUsd: 400_001 });
      const atOldLimit = await tighter.judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 40_000_000n });
      expect([atOldLimit.status, BigInt(atOldLimit.info)]).toEqual(["PriceOutOfBand", 400_000n]);
    });
    it("the explicit open bounds: maxBuyPrice 1e6 allows a BUY up to 1.0 only; minSellPrice 0 allows a SELL at any positive price", async () => {
      const { judge } = await session({ maxBuyPriceMicroUsd: ANY_BUY_PRICE, minSellPriceMicroUsd: ANY_SELL_PRICE });
      expect((await judge({ makerAmount: 100_000_000n, takerAmount: 100_000_000n })).status).toBe("Ok");
      const aboveOne = await judge({ makerAmount: 100_000_000n, takerAmount: 99_999_999n });
      expect([aboveOne.status, BigInt(aboveOne.info)]).toEqual(["PriceOutOfBand", 1_000_001n]);
      expect((await judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 1n })).status).toBe("Ok");
    });
    it("maxBuyPrice 0 refuses every BUY; minSellPrice 1e6 refuses every SELL below 1.0", async () => {
      const sellOnly = await session({ maxBuyPriceMicroUsd: 0 });
      expect((await sellOnly.judge({ makerAmount: 1n, takerAmount: 10n ** 12n })).status).toBe("PriceOutOfBand");
      expect((await sellOnly.judge({ side: 1 })).status).toBe("Ok");
      const buyOnly = await session({ minSellPriceMicroUsd: 1_000_000 });
      expect((await buyOnly.judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 99_999_999n })).status).toBe("PriceOutOfBand");
      expect((await buyOnly.judge({ side: 1, makerAmount: 100_000_000n, takerAmount: 100_000_000n })).status).toBe("Ok");
      expect((await buyOnly.judge()).status).toBe("Ok");
    });
    it.each([
      ["BUY", 0, 0n, 1n, 4n],
      ["BUY", 0, 1n, 0n, 5n],
      ["SELL", 1, 0n, 1n, 4n],
      ["SELL", 1, 1n, 0n, 5n],
    ] as const)("refuses a %s with a zero amount (no price to judge): maker %s, taker %s", async (_name, side, makerAmount, takerAmount, word) => {
      const { judge } = await session();
      const r = await judge({ side, makerAmount, takerAmount });
      expect([r.status, BigInt(r.info)]).toEqual(["ZeroAmount", word]);
    });
    it("judges a takerAmount of 2^256 − 1 without overflow on both sides", async () => {
      const huge = 2n ** 256n - 1n;
      const { judge } = await session({ maxBuyPriceMicroUsd: 1, minSellPriceMicroUsd: 1_000_000 });
      expect((await judge({ makerAmount: CAP, takerAmount: huge })).status).toBe("Ok");
      expect((await judge({ side: 1, makerAmount: CAP, takerAmount: huge })).status).toBe("Ok");
      const never = await session({ maxBuyPriceMicroUsd: 0 });
      const r = await never.judge({ makerAmount: 1n, takerAmount: huge });
      expect([r.status, BigInt(r.info)]).toEqual(["PriceOutOfBand", 1n]);
    });
  });

  describe("item 1: price band at grant and update, in the grant event and the session view", () => {
    it.each([
      ["maxBuyPriceMicroUsd", "MaxBuyPriceOutOfRange"],
      ["minSellPriceMicroUsd", "MinSellPriceOutOfRange"],
    ] as const)("refuses %s above 1e6 with InvalidScope(%s, value) at grant and update; 1e6 is accepted", async (field, statusName) => {
      const { account } = await f().newKey();
      const bad = await f().defaultGrant(account.address, {}, { [field]: 1_000_001 });
      const refused = await refusal(() => f().module.simulate.grantSession([bad], { account: f().safe }));
      expect(refused).toMatchObject({ errorName: "InvalidScope", statusName, args: { info: amountWord(1_000_001n) } });
      const atLimit = await f().defaultGrant(account.address, {}, { [field]: 1_000_000 });
      await f().module.simulate.grantSession([atLimit], { account: f().safe });
      const sessionId = await f().grant(atLimit);
      const update = await refusal(() => f().module.simulate.updateSessionLimits([sessionId, bad.limits], { account: f().safe }));
      expect([update.errorName, update.statusName]).toEqual(["InvalidScope", statusName]);
    });
    it("SessionGranted and SessionLimitsUpdated carry the band; getSession returns it", async () => {
      const { account } = await f().newKey();
      const grant = await f().defaultGrant(account.address, {}, { minSellPriceMicroUsd: 350_000, maxBuyPriceMicroUsd: 650_000 });
      const receipt = await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [grant] }));
      const [granted] = parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs, eventName: "SessionGranted" });
      expect(granted!.args.grant.limits).toMatchObject({ minSellPriceMicroUsd: 350_000, maxBuyPriceMicroUsd: 650_000 });
      const sessionId = granted!.args.sessionId;
      const [, limits] = await f().module.read.getSession([f().safe, sessionId]);
      expect(limits).toEqual(grant.limits);
      const narrower = { ...grant.limits, minSellPriceMicroUsd: 450_000, maxBuyPriceMicroUsd: 550_000 };
      const updated = await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, narrower] }));
      const [event] = parseEventLogs({ abi: wardenModuleAbi, logs: updated.logs, eventName: "SessionLimitsUpdated" });
      expect(event!.args.limits).toMatchObject({ minSellPriceMicroUsd: 450_000, maxBuyPriceMicroUsd: 550_000 });
      const [, after] = await f().module.read.getSession([f().safe, sessionId]);
      expect([after.minSellPriceMicroUsd, after.maxBuyPriceMicroUsd]).toEqual([450_000, 550_000]);
    });
    it("an update narrowing the band refuses orders signed before it that fall outside", async () => {
      const { key, sessionId, judge } = await session();
      const { order, signature, status } = await judge({ makerAmount: 70_000_000n, takerAmount: 100_000_000n }); // BUY at 0.70
      expect(status).toBe("Ok");
      const g = await f().defaultGrant(key.address, {}, { maxBuyPriceMicroUsd: 650_000 });
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, g.limits] }));
      expect(await f().exchangeAccepts(order, signature)).toBe(false);
      expect((await f().verdict(order, splitMuxerSignature(signature).payload)).status).toBe("PriceOutOfBand");
    });
  });

  describe("session expiry (validUntil inclusive, exact to the second)", () => {
    it("accepts at validUntil − 1 and validUntil, refuses at validUntil + 1", async () => {
      const t = (await f().now()) + 1_000;
      const { key, sessionId } = await session({ validUntil: t, maxOrderAgeSec: 10_000 });
      const order = await f().makeOrder({ timestamp: BigInt(t - 500) * 1000n });
      const signature = await f().signOrder(key, sessionId, order);
      const { payload } = splitMuxerSignature(signature);
      for (const [at, expected] of [[t - 1, "Ok"], [t, "Ok"], [t + 1, "SessionExpired"]] as const) {
        await f().networkHelpers.time.increaseTo(at);
        const v = await f().verdict(order, payload);
        expect(v.status).toBe(expected);
        expect(await f().exchangeAccepts(order, signature)).toBe(expected === "Ok");
      }
    });
  });

  describe("maximum order age (timestamp in ms; V2 signs no expiry)", () => {
    it("accepts at timestamp + maxOrderAge − 1 s and + maxOrderAge, refuses one second later", async () => {
      const { key, sessionId } = await session();
      const t0 = (await f().now()) + 10;
      const order = await f().makeOrder({ timestamp: BigInt(t0) * 1000n });
      const signature = await f().signOrder(key, sessionId, order);
      const { payload } = splitMuxerSignature(signature);
      for (const [at, expected] of [[t0 + MAX_AGE - 1, "Ok"], [t0 + MAX_AGE, "Ok"], [t0 + MAX_AGE + 1, "OrderTooOld"]] as const) {
        await f().networkHelpers.time.increaseTo(at);
        expect((await f().verdict(order, payload)).status).toBe(expected);
      }
    });
    it("accepts a timestamp 60 s ahead of the block and refuses one millisecond more", async () => {
      const { judge } = await session();
      const now = BigInt(await f().now());
      expect((await judge({ timestamp: (now + 60n) * 1000n })).status).toBe("Ok");
      const ahead = await judge({ timestamp: (now + 60n) * 1000n + 1n });
      expect([ahead.status, BigInt(ahead.info)]).toEqual(["OrderFromFuture", (now + 60n) * 1000n + 1n]);
    });
  });

  describe("token allowlist", () => {
    it("accepts a listed token id and refuses an unlisted one when the allowlist is on", async () => {
      const { judge } = await session({ tokenAllowlist: true }, { tokenIds: [7n, 9n] });
      expect((await judge({ tokenId: 9n })).status).toBe("Ok");
      const other = await judge({ tokenId: 8n });
      expect([other.status, BigInt(other.info)]).toEqual(["TokenNotAllowed", 8n]);
    });
    it("refuses every token when the allowlist is on and empty (deny by default)", async () => {
      const { judge } = await session({ tokenAllowlist: true });
      expect((await judge({ tokenId: 7n })).status).toBe("TokenNotAllowed");
    });
    it("accepts any token id when the allowlist is off", async () => {
      const { judge } = await session({ tokenAllowlist: false }, { tokenIds: [1n] });
      expect((await judge({ tokenId: 123456789n })).status).toBe("Ok");
    });
  });

  describe("allowed exchanges (domain and caller)", () => {
    it("accepts on an exchange whose bit is set and refuses on one whose bit is not", async () => {
      const { judge } = await session({ exchangeMask: 0b010 });
      expect((await judge({}, 1)).status).toBe("Ok");
      const refused = await judge({}, 0);
      expect(refused.status).toBe("ExchangeNotAllowed");
      expect(BigInt(refused.info)).toBe(BigInt(f().exchanges[0]!.address));
    });
    it("refuses a caller that is not a known exchange", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const { payload } = splitMuxerSignature(await f().signOrder(key, sessionId, order));
      const encodeData = encodeOrderData(order);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const hash = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeData]);
      const [, status] = await f().module.read.checkOrder([f().safe, f().stranger.account.address, hash, ds, ORDER_TYPE_HASH, encodeData, payload]);
      expect(wardenStatus[status]).toBe("ExchangeNotAllowed");
    });
    it("refuses a domain separator that is not the calling exchange's (DomainMismatch)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const { payload } = splitMuxerSignature(await f().signOrder(key, sessionId, order));
      const encodeData = encodeOrderData(order);
      const hash = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeData]);
      const [, status] = await f().module.read.checkOrder([
        f().safe, f().exchanges[1]!.address, hash, exchangeDomainSeparator(f().domainOf(0)), ORDER_TYPE_HASH, encodeData, payload,
      ]);
      expect(wardenStatus[status]).toBe("DomainMismatch");
    });
  });

  describe("order shape: maker, signer, signature type, type hash, encoding", () => {
    it("refuses an order whose maker is not this Safe", async () => {
      const { judge } = await session();
      const r = await judge({ maker: f().stranger.account.address });
      expect(r.status).toBe("WrongMaker");
    });
    it("refuses an order whose signer is not this Safe", async () => {
      const { judge } = await session();
      expect((await judge({ signer: f().stranger.account.address })).status).toBe("WrongSigner");
    });
    it("refuses signature types other than POLY_1271 (3)", async () => {
      const { key, sessionId } = await session();
      for (const signatureType of [0, 1, 2] as const) {
        const order = await f().makeOrder({ signatureType });
        const payload = splitMuxerSignature(await f().signOrder(key, sessionId, order)).payload;
        const v = await f().verdict(order, payload);
        expect([v.status, BigInt(v.info)]).toEqual(["WrongSignatureType", BigInt(signatureType)]);
      }
    });
    it("refuses a maker word with dirty upper bits (canonical padding)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const clean = encodeOrderData(order);
      const dirty = concatHex([sliceHex(clean, 0, 32), padHex(`0x01${f().safe.slice(2)}`, { size: 32 }), sliceHex(clean, 64)]);
      const digest = await f().module.read.hashOrder([f().exchanges[0]!.address, dirty]);
      const v = await f().verdict(order, await f().sessionPayload(key, sessionId, digest), 0, dirty);
      expect(v.status).toBe("WrongMaker");
    });
    it("refuses encodeData that is not exactly 11 words (no trailing bytes)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const long = concatHex([encodeOrderData(order), "0x00"]);
      const hashLong = await f().module.read.hashOrder([f().exchanges[0]!.address, long]);
      const v = await f().verdict(order, await f().sessionPayload(key, sessionId, hashLong), 0, long);
      expect([v.status, BigInt(v.info)]).toEqual(["MalformedOrder", 353n]);
    });
    it("refuses a type hash other than the V2 order type hash", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData(order);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const wrongType = padHex("0x1234", { size: 32 });
      const [, status, info] = await f().module.read.checkOrder([f().safe, f().exchanges[0]!.address, padHex("0x01", { size: 32 }), ds, wrongType, encodeData, await f().sessionPayload(key, sessionId, padHex("0x01", { size: 32 }))]);
      expect([wardenStatus[status], info]).toEqual(["WrongTypeHash", wrongType]);
    });
    it("refuses a hash that is not the digest of the data (HashMismatch)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData(order);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const bogus = padHex("0xbeef", { size: 32 });
      const [, status] = await f().module.read.checkOrder([f().safe, f().exchanges[0]!.address, bogus, ds, ORDER_TYPE_HASH, encodeData, await f().sessionPayload(key, sessionId, bogus)]);
      expect(wardenStatus[status]).toBe("HashMismatch");
    });
  });

  describe("signatures: S5/S21 (zero address, high s, malformed)", () => {
    async function payloadVerdict(mutate: (p: ReturnType<typeof payloadParts>) => Hex) {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const signature = await f().signOrder(key, sessionId, order);
      const parts = splitMuxerSignature(signature);
      const payload = mutate(payloadParts(parts.payload));
      const forged = concatHex([
        parts.tag,
        encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }], [parts.domainSeparator, parts.typeHash, parts.encodeData, payload]),
      ]);
      const accepted = await f().exchangeAccepts(order, forged).catch(() => false);
      return { accepted, ...(await f().verdict(order, payload)) };
    }
    it("accepts the untouched low-s signature (control)", async () => {
      expect((await payloadVerdict((p) => rawPayload(p.sessionId, p.r, p.s, p.v))).status).toBe("Ok");
    });
    it("refuses the high-s twin of a valid signature", async () => {
      const r = await payloadVerdict((p) => rawPayload(p.sessionId, p.r, SECP256K1_N - p.s, p.v === 27 ? 28 : 27));
      expect([r.accepted, r.status]).toEqual([false, "MalformedSignature"]);
    });
    it("refuses v outside {27, 28}", async () => {
      for (const v of [0, 1, 29]) {
        const r = await payloadVerdict((p) => rawPayload(p.sessionId, p.r, p.s, v));
        expect([r.accepted, r.status]).toEqual([false, "MalformedSignature"]);
      }
    });
    it("refuses r = 0, s = 0 and an all-zero signature (recovery to address(0))", async () => {
      for (const [r, s] of [[0n, 1n], [1n, 0n], [0n, 0n]] as const) {
        const res = await payloadVerdict((p) => rawPayload(p.sessionId, r, s, 27));
        expect([res.accepted, res.status]).toEqual([false, "MalformedSignature"]);
      }
    });
    it("refuses a signature that recovers to address(0) with valid-looking r, s, v", async () => {
      // r not on the curve: ecrecover fails and returns 0.
      const r = await payloadVerdict((p) => rawPayload(p.sessionId, 5n, p.s, p.v));
      expect(r.accepted).toBe(false);
      expect(["MalformedSignature", "WrongSessionKey"]).toContain(r.status);
    });
    it("refuses payloads of 96 and 98 bytes", async () => {
      for (const cut of [(p: Hex) => sliceHex(p, 0, 96), (p: Hex) => concatHex([p, "0x00"])]) {
        const r = await payloadVerdict((p) => cut(rawPayload(p.sessionId, p.r, p.s, p.v)));
        expect([r.accepted, r.status]).toEqual([false, "MalformedSignature"]);
      }
    });
    it("refuses a valid signature by another key (WrongSessionKey)", async () => {
      const { sessionId } = await session();
      const other = privateKeyToAccount(generatePrivateKey());
      const order = await f().makeOrder();
      const signature = await f().signOrder(other, sessionId, order);
      expect(await f().exchangeAccepts(order, signature)).toBe(false);
      const v = await f().verdict(order, splitMuxerSignature(signature).payload);
      expect([v.status, BigInt(v.info)]).toEqual(["WrongSessionKey", BigInt(other.address)]);
    });
  });

  describe("replay: S1 (another exchange, another chain id, another Safe)", () => {
    it("an order signed for exchange A does not validate on exchange B", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const signature = await f().signOrder(key, sessionId, order, 0);
      expect(await f().exchangeAccepts(order, signature, 0)).toBe(true);
      expect(await f().exchangeAccepts(order, signature, 1).catch(() => false)).toBe(false);
      expect(await f().exchangeAccepts(order, signature, 2).catch(() => false)).toBe(false);
    });
    it("an order signed for another chain id does not validate", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const signature = await signWardenOrder({ sessionKey: key, module: f().module.address, sessionId, domain: f().domainOf(0, 137), order });
      expect(await f().exchangeAccepts(order, signature).catch(() => false)).toBe(false);
    });
    it("a session signature for Safe A does not validate for Safe B, even with the same key granted on B", async () => {
      const { key, sessionId } = await session();
      const safeB = await createSafe(f().clients, f().infra, [f().owner.address]);
      await execSafeTx(f().clients, safeB, f().owner, { to: safeB, data: encodeFunctionData({ abi: safeAbi, functionName: "enableModule", args: [f().module.address] }) });
      const grantB = await f().defaultGrant(key.address);
      await execSafeTx(f().clients, safeB, f().owner, { to: f().module.address, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [grantB] }) });
      const order = await f().makeOrder({ maker: safeB, signer: safeB });
      const encodeData = encodeOrderData(order);
      const hash = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeData]);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const payload = await f().sessionPayload(key, sessionId, hash);
      const [, status] = await f().module.read.checkOrder([safeB, f().exchanges[0]!.address, hash, ds, ORDER_TYPE_HASH, encodeData, payload]);
      expect(wardenStatus[status]).toBe("UnknownSession"); // A's session id means nothing on B
      // And A's signature, posted for an order whose maker is A, is refused when B is asked.
      const orderA = await f().makeOrder();
      const sigA = await f().signOrder(key, sessionId, orderA);
      const [, statusB] = await f().module.read.checkOrder([safeB, f().exchanges[0]!.address, await f().module.read.hashOrder([f().exchanges[0]!.address, encodeOrderData(orderA)]), ds, ORDER_TYPE_HASH, encodeOrderData(orderA), splitMuxerSignature(sigA).payload]);
      expect(wardenStatus[statusB]).toBe("WrongMaker");
    });
  });

  describe("revocation reach (G12) and pauses", () => {
    it("revoking invalidates every order the session signed that is not yet matched", async () => {
      const { key, sessionId } = await session();
      const orders = [];
      for (let i = 0; i < 5; i++) {
        const order = await f().makeOrder({ salt: BigInt(i) });
        orders.push({ order, signature: await f().signOrder(key, sessionId, order, i % 3), index: i % 3 });
      }
      for (const o of orders) expect(await f().exchangeAccepts(o.order, o.signature, o.index)).toBe(true);
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
      for (const o of orders) {
        expect(await f().exchangeAccepts(o.order, o.signature, o.index)).toBe(false);
        expect((await f().verdict(o.order, splitMuxerSignature(o.signature).payload, o.index)).status).toBe("SessionRevoked");
      }
    });
    it("session, strategy and Safe pauses each refuse orders; the Safe's unpause restores them", async () => {
      const { sessionId, judge } = await session({ strategy: 5 });
      const guardian = f().guardian;
      const cases = [
        { pause: "pauseSession", args: [f().safe, sessionId], status: "SessionPaused", unpause: "unpauseSession", unpauseArgs: [sessionId] },
        { pause: "pauseStrategy", args: [f().safe, 5], status: "StrategyPaused", unpause: "unpauseStrategy", unpauseArgs: [5] },
        { pause: "pauseSafe", args: [f().safe, false], status: "SafePaused", unpause: "unpauseSafe", unpauseArgs: [false] },
      ] as const;
      for (const c of cases) {
        await guardian.writeContract({ address: f().module.address, abi: wardenModuleAbi, functionName: c.pause, args: c.args as never });
        expect((await judge()).status).toBe(c.status);
        await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: c.unpause, args: c.unpauseArgs as never }));
        expect((await judge()).status).toBe("Ok");
      }
    });
    it("an unknown session id is refused", async () => {
      const { key } = await session();
      const order = await f().makeOrder();
      const signature = await f().signOrder(key, padHex("0x99", { size: 32 }), order);
      expect(await f().exchangeAccepts(order, signature)).toBe(false);
      expect((await f().verdict(order, splitMuxerSignature(signature).payload)).status).toBe("UnknownSession");
    });
  });

  describe("item 2: each order signature is bound to its session", () => {
    /** The posted signature with the payload's session id replaced (what a holder of the order could send). */
    function withSessionId(signature: Hex, sessionId: Hex): { signature: Hex; payload: Hex } {
      const parts = splitMuxerSignature(signature);
      const payload = concatHex([sessionId, sliceHex(parts.payload, 32)]);
      const muxed = encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }], [parts.domainSeparator, parts.typeHash, parts.encodeData, payload]);
      return { signature: concatHex([parts.tag, muxed]), payload };
    }
    /** One key holding two live sessions on the Safe. */
    async function twoSessionsOfOneKey() {
      const { account } = await f().newKey();
      const a = await f().grant(await f().defaultGrant(account.address));
      const b = await f().grant(await f().defaultGrant(account.address));
      return { key: account, a, b };
    }

    it("item 2: session id swap is refused — A's signature does not validate under B's id of the same key, nor B's under A's", async () => {
      const { key, a, b } = await twoSessionsOfOneKey();
      for (const [signedUnder, swappedTo] of [[a, b], [b, a]] as const) {
        const order = await f().makeOrder();
        const signature = await f().signOrder(key, signedUnder, order);
        expect(await f().exchangeAccepts(order, signature)).toBe(true);
        const swapped = withSessionId(signature, swappedTo);
        expect(await f().exchangeAccepts(order, swapped.signature)).toBe(false);
        const v = await f().verdict(order, swapped.payload);
        expect(v.sessionId).toBe(swappedTo);
        expect(v.status).toBe("WrongSessionKey");
      }
    });
    it("item 2: revoking A refuses 100% of A's unmatched orders, also with B's live id swapped in, while B's own orders stay accepted", async () => {
      const { key, a, b } = await twoSessionsOfOneKey();
      const signed = async (sessionId: Hex, count: number) => {
        const orders = [];
        for (let i = 0; i < count; i++) {
          const order = await f().makeOrder({ salt: BigInt(i) + (sessionId === a ? 0n : 1_000n), side: i % 2 === 0 ? 0 : 1 });
          orders.push({ order, index: i % 3, signature: await f().signOrder(key, sessionId, order, i % 3) });
        }
        return orders;
      };
      const ordersA = await signed(a, 9);
      const ordersB = await signed(b, 6);
      for (const o of [...ordersA, ...ordersB]) expect(await f().exchangeAccepts(o.order, o.signature, o.index)).toBe(true);

      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [a] }));
      let refusedA = 0;
      for (const o of ordersA) {
        const swapped = withSessionId(o.signature, b);
        const accepted = [
          await f().exchangeAccepts(o.order, o.signature, o.index),
          await f().exchangeAccepts(o.order, swapped.signature, o.index),
        ];
        expect((await f().verdict(o.order, splitMuxerSignature(o.signature).payload, o.index)).status).toBe("SessionRevoked");
        expect((await f().verdict(o.order, swapped.payload, o.index)).status).toBe("WrongSessionKey");
        if (accepted.every((x) => !x)) refusedA++;
      }
      expect(refusedA / ordersA.length).toBe(1);
      for (const o of ordersB) expect(await f().exchangeAccepts(o.order, o.signature, o.index)).toBe(true);
    });
    it("the key signs SessionOrder(sessionId, orderHash) under the Warden domain: the TS digest equals the module's, a signature over the bare order hash is refused", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const orderHash = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeOrderData(order)]);
      const digest = hashSessionOrder({ module: f().module.address, chainId: f().chainId, sessionId, orderHash });
      expect(await f().module.read.sessionOrderDigest([sessionId, orderHash])).toBe(digest);
      expect(await f().module.read.SESSION_ORDER_TYPEHASH()).toBe(keccak256(toHex("SessionOrder(bytes32 sessionId,bytes32 orderHash)")));
      expect(await key.sign({ hash: digest })).toBe(sliceHex(splitMuxerSignature(await f().signOrder(key, sessionId, order)).payload, 32));
      const bare = concatHex([sessionId, await key.sign({ hash: orderHash })]); // the pre-binding format
      const v = await f().verdict(order, bare);
      expect(v.status).toBe("WrongSessionKey");
      expect(await f().exchangeAccepts(order, encodeWardenOrderSignature({ domainSeparator: exchangeDomainSeparator(f().domainOf(0)), order, sessionId, sessionSignature: sliceHex(bare, 32) }))).toBe(false);
    });
    it("a session signature made for another module deployment or another chain id is refused", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const orderHash = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeOrderData(order)]);
      const elsewhere = [
        { module: f().target.address, chainId: f().chainId },
        { module: f().module.address, chainId: 137 },
      ];
      for (const domain of elsewhere) {
        const sig = await key.sign({ hash: hashSessionOrder({ ...domain, sessionId, orderHash }) });
        expect((await f().verdict(order, concatHex([sessionId, sig]))).status).toBe("WrongSessionKey");
      }
      expect((await f().verdict(order, await f().sessionPayload(key, sessionId, orderHash))).status).toBe("Ok"); // control
    });
  });

  describe("the TypeScript payload builder", () => {
    it("builds the muxer format: tag, exchange domain separator, V2 type hash, 352-byte data, 97-byte payload", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const signature = await f().signOrder(key, sessionId, order);
      const parts = splitMuxerSignature(signature);
      expect(parts.tag).toBe("0x5fd7e97d");
      expect(parts.domainSeparator).toBe(await f().module.read.exchangeDomainSeparator([f().exchanges[0]!.address]));
      expect(parts.typeHash).toBe(ORDER_TYPE_HASH);
      expect((parts.encodeData.length - 2) / 2).toBe(352);
      expect((parts.payload.length - 2) / 2).toBe(97);
      expect(sliceHex(parts.payload, 0, 32)).toBe(sessionId);
      const same = encodeWardenOrderSignature({ domainSeparator: exchangeDomainSeparator(f().domainOf(0)), order, sessionId, sessionSignature: sliceHex(parts.payload, 32) });
      expect(same).toBe(signature);
    });
  });
});
