import fc from "fast-check";
import { network } from "hardhat";
import { describe, expect, it } from "vitest";
import { type Address, type Hex, hashTypedData } from "viem";
import { encodeOrderData } from "../../src/chain/encodeOrderData";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { orderTypes } from "../../src/core/polymarket/orderTypes";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { orderArbitrary } from "../helpers/orderArbitrary";

/** The clob-client's own V2/V3 order builders (not exported from its package root). */
type ClobOrderBuilder = { buildOrderTypedData(order: Record<string, unknown>): unknown; buildOrderHash(typedData: unknown): Hex };
type ClobOrderBuilderClass = new (exchange: Address, chainId: number, signer?: unknown) => ClobOrderBuilder;
const clobBuilderPath = "../../node_modules/@polymarket/clob-client-v2/dist/order-utils/exchangeOrderBuilderV2.js";
const { ExchangeOrderBuilderV2, ExchangeOrderBuilderV3 } = (await import(clobBuilderPath)) as {
  ExchangeOrderBuilderV2: ClobOrderBuilderClass;
  ExchangeOrderBuilderV3: ClobOrderBuilderClass;
};

// 3 × 3,400 ≥ 10,000 random orders (goal G2), about 1 ms each on the in-process EVM.
const RUNS_PER_DOMAIN = 3_400;
const orderArb = orderArbitrary({ maxTimestamp: 2n ** 64n });

describe("order hash agreement (S4, G2): module == viem hashTypedData == @polymarket/clob-client-v2", () => {
  it.each(polymarketExchanges.map((e, i) => [e.name, i] as const))(
    "agrees on random orders for the %s domain",
    async (_name, index) => {
      const { viem } = await network.connect();
      const chainId = await (await viem.getPublicClient()).getChainId();
      const module = await viem.deployContract("WardenModule", [polymarketExchanges.map((e) => e.address), polymarketExchanges.map((e) => e.version)]);
      const exchange = polymarketExchanges[index]!;
      const domain = exchangeDomain({ exchange: exchange.address, version: exchange.version, chainId });
      expect(await module.read.exchangeDomainSeparator([exchange.address])).toBe(exchangeDomainSeparator(domain));
      const Builder = exchange.version === "3" ? ExchangeOrderBuilderV3 : ExchangeOrderBuilderV2;
      const clob = new Builder(exchange.address, chainId);
      await fc.assert(
        fc.asyncProperty(orderArb, async (order) => {
          const viemHash = hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
          const clobHash = clob.buildOrderHash(
            clob.buildOrderTypedData({
              ...order,
              salt: order.salt.toString(),
              tokenId: order.tokenId.toString(),
              makerAmount: order.makerAmount.toString(),
              takerAmount: order.takerAmount.toString(),
              timestamp: order.timestamp.toString(),
              side: order.side === 0 ? "BUY" : "SELL",
              expiration: "0",
            }),
          );
          const moduleHash = await module.read.hashOrder([exchange.address, encodeOrderData(order)]);
          expect(clobHash).toBe(viemHash);
          expect(moduleHash).toBe(viemHash);
        }),
        { numRuns: RUNS_PER_DOMAIN },
      );
    },
    60_000,
  );

  it("the known Polygon domain separators match the values computed in the research notes", () => {
    const separators = polymarketExchanges.map((e) => exchangeDomainSeparator(exchangeDomain({ exchange: e.address, version: e.version, chainId: 137 })));
    expect(separators).toEqual([
      "0x3264e159346253e26a64e00b69032db0e7d32f94628de3e6eecb50304d7af3d2",
      "0x9b858f53327b0bd13af8ec14cfb35234fb9eb7b0504d1a4e61f433840d30e81a",
      "0x466c63910185bbd55e8679264200c4e0abdcbb0c6264eb3d41d13326022e095b",
    ]);
  });

  it("the test exchange (written from the V2 facts) hashes like viem for random orders", async () => {
    const { viem } = await network.connect();
    const chainId = await (await viem.getPublicClient()).getChainId();
    for (const version of ["2", "3"] as const) {
      const exchange = await viem.deployContract("TestCTFExchangeV2", [version]);
      const domain = exchangeDomain({ exchange: exchange.address, version, chainId });
      await fc.assert(
        fc.asyncProperty(orderArb, async (order) => {
          expect(await exchange.read.hashOrder([order])).toBe(hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order }));
        }),
        { numRuns: 100 },
      );
    }
  });
});
