import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Hex, concatHex, encodeAbiParameters, encodeFunctionData, padHex, sliceHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeOrderData } from "../../src/chain/encodeOrderData";
import { encodeWardenOrderSignature } from "../../src/chain/encodeWardenOrderSignature";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { ORDER_TYPE_HASH } from "../../src/core/polymarket/orderTypes";
import { signWardenOrder } from "../../src/chain/signWardenOrder";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenStatus } from "../../src/chain/generated/wardenStatus";
import { CAP, MAX_AGE, useWardenFixture } from "./helpers/wardenFixture";
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

  describe("per-call size cap (notional: BUY makerAmount, SELL takerAmount)", () => {
    it("accepts BUY at the cap and refuses one unit past it", async () => {
      const { judge } = await session();
      expect((await judge({ makerAmount: CAP })).status).toBe("Ok");
      const over = await judge({ makerAmount: CAP + 1n });
      expect([over.status, BigInt(over.info)]).toEqual(["SizeCapExceeded", CAP + 1n]);
    });
    it("accepts SELL with takerAmount at the cap and refuses one unit past it", async () => {
      const { judge } = await session();
      expect((await judge({ side: 1, takerAmount: CAP, makerAmount: 10n ** 15n })).status).toBe("Ok");
      const over = await judge({ side: 1, takerAmount: CAP + 1n });
      expect([over.status, BigInt(over.info)]).toEqual(["SizeCapExceeded", CAP + 1n]);
    });
    it("refuses a side other than BUY or SELL", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData({ ...order, side: 0 }).replace(/0{64}(?=(.{64}){4}$)/, "0".repeat(63) + "2") as Hex;
      const digest = await f().module.read.hashOrder([f().exchanges[0]!.address, encodeData]);
      const sig = await key.sign({ hash: digest });
      const v = await f().verdict(order, concatHex([sessionId, sig]), 0, encodeData);
      expect([v.status, BigInt(v.info)]).toEqual(["MalformedOrder", 2n]);
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
      const v = await f().verdict(order, concatHex([sessionId, await key.sign({ hash: digest })]), 0, dirty);
      expect(v.status).toBe("WrongMaker");
    });
    it("refuses encodeData that is not exactly 11 words (no trailing bytes)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const long = concatHex([encodeOrderData(order), "0x00"]);
      const hashLong = await f().module.read.hashOrder([f().exchanges[0]!.address, long]);
      const v = await f().verdict(order, concatHex([sessionId, await key.sign({ hash: hashLong })]), 0, long);
      expect([v.status, BigInt(v.info)]).toEqual(["MalformedOrder", 353n]);
    });
    it("refuses a type hash other than the V2 order type hash", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData(order);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const wrongType = padHex("0x1234", { size: 32 });
      const [, status, info] = await f().module.read.checkOrder([f().safe, f().exchanges[0]!.address, padHex("0x01", { size: 32 }), ds, wrongType, encodeData, concatHex([sessionId, await key.sign({ hash: padHex("0x01", { size: 32 }) })])]);
      expect([wardenStatus[status], info]).toEqual(["WrongTypeHash", wrongType]);
    });
    it("refuses a hash that is not the digest of the data (HashMismatch)", async () => {
      const { key, sessionId } = await session();
      const order = await f().makeOrder();
      const encodeData = encodeOrderData(order);
      const ds = exchangeDomainSeparator(f().domainOf(0));
      const bogus = padHex("0xbeef", { size: 32 });
      const [, status] = await f().module.read.checkOrder([f().safe, f().exchanges[0]!.address, bogus, ds, ORDER_TYPE_HASH, encodeData, concatHex([sessionId, await key.sign({ hash: bogus })])]);
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
      const signature = await signWardenOrder({ sessionKey: key, sessionId, domain: f().domainOf(0, 137), order });
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
      const payload = concatHex([sessionId, await key.sign({ hash })]);
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
      const same = encodeWardenOrderSignature({ domain: f().domainOf(0), order, sessionId, sessionSignature: sliceHex(parts.payload, 32) });
      expect(same).toBe(signature);
    });
  });
});
