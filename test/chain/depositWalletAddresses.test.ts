import fc from "fast-check";
import { getAddress } from "viem";
import { describe, expect, test } from "vitest";
import { depositWalletAddresses } from "../../src/chain/depositWalletAddresses";
import { addressArbitrary } from "../helpers/orderArbitrary";
import { polymarketClient } from "../helpers/polymarketClient";

describe("depositWalletAddresses", () => {
  test("the spec's own literals: Polygon's factory, beacon and implementation (ts-sdk environments.ts)", () => {
    expect(polymarketClient.walletDerivation).toMatchObject({
      depositWalletFactory: "0x00000000000Fb5C9ADea0298D729A0CB3823Cc07",
      depositWalletBeacon: "0x7A18EDfe055488A3128f01F563e5B479D92ffc3a",
      depositWalletImplementation: "0x58CA52ebe0DadfdF531Cde7062e76746de4Db1eB",
    });
  });

  test("equals @polymarket/client 0.2.0's beacon and UUPS derivations for any owner", () => {
    fc.assert(
      fc.property(addressArbitrary, (owner) => {
        const ours = depositWalletAddresses({ owner });
        expect(getAddress(ours.beacon)).toBe(getAddress(polymarketClient.deriveBeaconDepositWalletAddress(getAddress(owner), polymarketClient.walletDerivation)));
        expect(getAddress(ours.uups)).toBe(getAddress(polymarketClient.deriveUupsDepositWalletAddress(getAddress(owner), polymarketClient.walletDerivation)));
      }),
      { numRuns: 200 },
    );
  });

  test("a fixed owner's wallet (regression vector)", () => {
    expect(depositWalletAddresses({ owner: "0x1111111111111111111111111111111111111111" })).toEqual({
      uups: "0xfaea0f08159fcf2f573fe24e9e989b0d48f7651b",
      beacon: "0x574548bc296a44a39a7828343fc262244f37a7e5",
    });
  });
});
