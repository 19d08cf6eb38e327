import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { type Hex, getAddress, hashTypedData, keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { createOrderHasher } from "../../src/signer/createOrderHasher";
import { knownExchanges } from "../../src/core/polymarket/exchanges";
import { ORDER_TYPE_STRING, orderTypeFields } from "../../src/core/polymarket/orderTypes";
import { addressArbitrary, orderArbitrary } from "../helpers/orderArbitrary";
import { CLOB_AUTH_TYPES } from "../helpers/testWarden";

// The client's order builder is not exported from its package entry; load the published file itself.
const require = createRequire(import.meta.url);
const clobDist = dirname(require.resolve("@polymarket/clob-client-v2"));
const { ExchangeOrderBuilderV2 } = (await import(
  pathToFileURL(join(clobDist, "order-utils", "exchangeOrderBuilderV2.js")).href
)) as {
  ExchangeOrderBuilderV2: new (
    contract: string,
    chainId: number,
    signer: unknown,
    salt?: () => string,
    version?: string,
  ) => { buildOrderTypedData(o: unknown): unknown; buildOrderHash(td: unknown): Hex };
};

const orderArb = orderArbitrary();
const address = addressArbitrary;

describe("createOrderHasher", () => {
  test("type hash is the contract's ORDER_TYPEHASH", () => {
    expect(keccak256(toHex(ORDER_TYPE_STRING))).toBe("0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589");
  });

  test.each([
    ["CTFExchangeV2", "0x3264e159346253e26a64e00b69032db0e7d32f94628de3e6eecb50304d7af3d2"],
    ["NegRiskCtfExchangeV2", "0x9b858f53327b0bd13af8ec14cfb35234fb9eb7b0504d1a4e61f433840d30e81a"],
    ["ExchangeV3", "0x466c63910185bbd55e8679264200c4e0abdcbb0c6264eb3d41d13326022e095b"],
  ])("domain separator of %s on Polygon matches the research table", (name, expected) => {
    const exchange = knownExchanges[137].find((e) => e.name === name);
    if (!exchange) throw new TypeError(`no ${name}`);
    expect(toHex(createOrderHasher({ chainId: 137 }).domainSeparator(exchange))).toBe(expected);
  });

  test("agrees with viem hashTypedData and clob-client-v2's order hash on 10,000 random orders across all three exchanges", () => {
    const hasher = createOrderHasher({ chainId: 137 });
    const builders = new Map(
      knownExchanges[137].map((e) => [e.address, new ExchangeOrderBuilderV2(getAddress(e.address), 137, {}, undefined, e.version)]),
    );
    let mismatches = 0;
    fc.assert(
      fc.property(orderArb, fc.constantFrom(...knownExchanges[137]), (order, exchange) => {
        const ours = toHex(hasher.hashOrder(exchange, order));
        const viemHash = hashTypedData({
          domain: { name: "Polymarket CTF Exchange", version: exchange.version, chainId: 137, verifyingContract: exchange.address },
          types: { Order: orderTypeFields },
          primaryType: "Order",
          message: order,
        });
        const builder = builders.get(exchange.address);
        const clobTd = builder?.buildOrderTypedData({
          ...order,
          salt: order.salt.toString(),
          tokenId: order.tokenId.toString(),
          makerAmount: order.makerAmount.toString(),
          takerAmount: order.takerAmount.toString(),
          timestamp: order.timestamp.toString(),
          side: order.side === 0 ? "BUY" : "SELL",
        });
        const clobHash = builder?.buildOrderHash(clobTd);
        if (ours !== viemHash || ours !== clobHash) mismatches++;
        return ours === viemHash && ours === clobHash;
      }),
      { numRuns: 10_000 },
    );
    expect(mismatches).toBe(0);
  });

  test("hashes a ClobAuth document like viem", () => {
    const hasher = createOrderHasher({ chainId: 137 });
    fc.assert(
      fc.property(address, fc.nat({ max: 4_000_000_000 }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (addr, ts, nonce) => {
        const message = { address: addr, timestamp: String(ts), nonce, message: "This message attests that I control the given wallet" };
        const viemHash = hashTypedData({
          domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
          types: CLOB_AUTH_TYPES,
          primaryType: "ClobAuth",
          message,
        });
        return toHex(hasher.hashClobAuth(message)) === viemHash;
      }),
      { numRuns: 500 },
    );
  });
});
