import { describe, expect, test } from "vitest";
import { MarketDataSchemaError } from "../../src/errors/marketErrors.js";
import { parseDataPositions } from "../../src/market/parseDataPositions.js";
import { CONDITION_ID, WALLET, YES_TOKEN, dataPosition } from "./payloads.js";

const parse = (raw: unknown) => parseDataPositions({ raw, wallet: WALLET, source: "data-api:test", key: "positions" });

describe("normalization", () => {
  test("amounts become micro-units, ids are kept", () => {
    expect(parse([dataPosition()])).toEqual([
      {
        tokenId: YES_TOKEN,
        conditionId: CONDITION_ID,
        outcome: "Yes",
        outcomeIndex: 0,
        sizeMicros: 1_520_500_000n,
        avgPrice: 0.3812,
        curPrice: 0.415,
        initialValueMicros: 579_614_600n,
        currentValueMicros: 631_007_500n,
        cashPnlMicros: 51_392_900n,
        redeemable: false,
        mergeable: false,
        negativeRisk: false,
        title: "Will the Fed cut rates at the December 2026 FOMC meeting?",
      },
    ]);
  });

  test("an empty page is no positions", () => {
    expect(parse([])).toEqual([]);
  });

  test("the wallet is compared without regard to case", () => {
    expect(parse([dataPosition({ proxyWallet: WALLET.toUpperCase().replace("0X", "0x") })])).toHaveLength(1);
  });
});

describe("refuses", () => {
  test.each([
    ["an object instead of an array", { data: [] }],
    ["size as a string", [dataPosition({ size: "1520.5" })]],
    ["negative size", [dataPosition({ size: -1 })]],
    ["missing currentValue", [dataPosition({ currentValue: undefined })]],
    ["avgPrice above 1", [dataPosition({ avgPrice: 1.2 })]],
    ["a hex asset id", [dataPosition({ asset: "0x12" })]],
  ])("%s", (_name, raw) => {
    expect(() => parse(raw)).toThrow(MarketDataSchemaError);
  });

  test("another wallet's position", () => {
    expect(() => parse([dataPosition({ proxyWallet: "0x0000000000000000000000000000000000000001" })])).toThrow(/proxyWallet/);
  });
});
