import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MarketDataSchemaError } from "../../src/errors/marketErrors.js";
import { parseGammaMarket } from "../../src/market/parseGammaMarket.js";
import { CONDITION_ID, NO_TOKEN, YES_TOKEN, gammaMarket } from "./payloads.js";

const context = { source: "gamma:test", key: "market:test", fetchedAtMs: 1_780_000_000_000 };
const parse = (raw: unknown) => parseGammaMarket({ raw, ...context });

describe("normalization", () => {
  test("decodes JSON-encoded outcomes, prices and clob token ids into outcomes", () => {
    const market = parse(gammaMarket());
    expect(market.outcomes).toEqual([
      { label: "Yes", tokenId: YES_TOKEN, price: 0.415 },
      { label: "No", tokenId: NO_TOKEN, price: 0.585 },
    ]);
    expect(market.conditionId).toBe(CONDITION_ID);
    expect(market.protocolVersion).toBe("v1");
    expect(market.rulesText).toContain("FOMC announces a cut");
    expect(market.resolution.endDateMs).toBe(Date.parse("2026-12-16T19:00:00Z"));
    expect(market.tickSize).toBe(0.01);
    expect(market.minOrderSize).toBe(5);
    expect(market.negRiskMarketId).toBeNull();
    expect(market.resolution.umaResolutionStatus).toBeNull();
    expect(market.resolution.umaBond).toBe("750");
    expect(market).toMatchObject({ source: "gamma:test", fetchedAtMs: context.fetchedAtMs, asOfMs: context.fetchedAtMs });
  });

  test("lower-cases the condition id", () => {
    expect(parse(gammaMarket({ conditionId: CONDITION_ID.toUpperCase().replace("0X", "0x") })).conditionId).toBe(CONDITION_ID);
  });

  test("version v2 takes outcome ids from positionIds (a real array), not clobTokenIds", () => {
    const market = parse(gammaMarket({ version: "v2", positionIds: ["11", "12"] }));
    expect(market.protocolVersion).toBe("v2");
    expect(market.outcomes.map((outcome) => outcome.tokenId)).toEqual(["11", "12"]);
  });

  test("prices are null when Gamma gives none", () => {
    expect(parse(gammaMarket({ outcomePrices: null })).outcomes.map((outcome) => outcome.price)).toEqual([null, null]);
  });
});

describe("state flags", () => {
  test("an open market accepting orders is tradable", () => {
    expect(parse(gammaMarket()).state).toEqual({
      active: true,
      closed: false,
      archived: false,
      acceptingOrders: true,
      enableOrderBook: true,
      resolved: false,
      halted: false,
      tradable: true,
    });
  });

  test.each([
    [{ closed: true, acceptingOrders: false }, { tradable: false, halted: false }],
    [{ acceptingOrders: false }, { tradable: false, halted: true }],
    [{ enableOrderBook: false }, { tradable: false, halted: true }],
    [{ active: false }, { tradable: false, halted: false }],
    [{ archived: true }, { tradable: false, halted: false }],
    [{ umaResolutionStatus: "resolved" }, { tradable: false, resolved: true }],
    [{ umaResolutionStatus: "settled" }, { tradable: false, resolved: true }],
    [{ umaResolutionStatus: "proposed" }, { tradable: true, resolved: false }],
  ])("%j → %j", (overrides, expected) => {
    expect(parse(gammaMarket(overrides)).state).toMatchObject(expected);
  });
});

describe("resolution facts", () => {
  test("two URLs are two sources", () => {
    const { resolution } = parse(gammaMarket());
    expect(resolution.resolutionSources).toEqual([
      "https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm",
      "https://www.reuters.com/markets",
    ]);
    expect(resolution.singleSource).toBe(false);
  });

  test.each([
    ["https://www.coingecko.com/en/coins/bitcoin", true],
    ["https://www.coingecko.com/en/coins/bitcoin and https://www.coingecko.com/en/coins/bitcoin/", true],
    ["Official NBA box score", true],
    ["", false],
    [null, false],
  ])("resolutionSource %j → singleSource %s", (resolutionSource, singleSource) => {
    expect(parse(gammaMarket({ resolutionSource })).resolution.singleSource).toBe(singleSource);
  });

  test("an empty resolution source is null (undefined source), not an empty string", () => {
    expect(parse(gammaMarket({ resolutionSource: "  " })).resolution.resolutionSource).toBeNull();
  });

  test.each([
    ["[]", "", 0],
    ['["proposed"]', "proposed", 0],
    ['["proposed","disputed","proposed"]', "proposed", 1],
    ['["proposed","disputed","proposed","disputed"]', "disputed", 2],
    ['["proposed"]', "disputed", 1],
  ])("history %s with status %j → %i prior disputes", (history, status, count) => {
    const { resolution } = parse(gammaMarket({ umaResolutionStatuses: history, umaResolutionStatus: status }));
    expect(resolution.priorDisputeCount).toBe(count);
  });

  test("customLiveness 0 means the default liveness", () => {
    expect(parse(gammaMarket({ customLiveness: 0 })).resolution.customLivenessSec).toBeNull();
    expect(parse(gammaMarket({ customLiveness: 14_400 })).resolution.customLivenessSec).toBe(14_400);
  });
});

describe("refuses", () => {
  test.each([
    ["missing version", { version: undefined }],
    ["unknown version", { version: "v3" }],
    ["v2 without positionIds", { version: "v2" }],
    ["outcomes not JSON", { outcomes: "[Yes, No]" }],
    ["one outcome", { outcomes: '["Yes"]', clobTokenIds: `["${YES_TOKEN}"]`, outcomePrices: '["1"]' }],
    ["ids and outcomes of different lengths", { clobTokenIds: `["${YES_TOKEN}"]` }],
    ["duplicate ids", { clobTokenIds: `["${YES_TOKEN}","${YES_TOKEN}"]` }],
    ["non-decimal token id", { clobTokenIds: '["0xabc","12"]' }],
    ["price outside [0, 1]", { outcomePrices: '["1.5","0"]' }],
    ["prices and outcomes of different lengths", { outcomePrices: '["0.5"]' }],
    ["unknown UMA status", { umaResolutionStatus: "pending" }],
    ["UMA history not JSON", { umaResolutionStatuses: "proposed" }],
    ["acceptingOrders null", { acceptingOrders: null }],
    ["endDate not a date", { endDate: "soon" }],
    ["short condition id", { conditionId: "0x1234" }],
  ])("%s", (_name, overrides) => {
    expect(() => parse(gammaMarket(overrides))).toThrow(MarketDataSchemaError);
  });

  test("the error names the field and the source", () => {
    expect(() => parse(gammaMarket({ active: "yes" }))).toThrowErrorMatchingInlineSnapshot(`
      [MarketDataSchemaError: Market data unavailable (schema_mismatch) for market:test from gamma:test.
      Details: ✖ Invalid input: expected boolean, received string
        → at active]
    `);
  });
});

const requiredKeys = [
  "id",
  "conditionId",
  "question",
  "description",
  "endDate",
  "active",
  "closed",
  "archived",
  "acceptingOrders",
  "enableOrderBook",
  "negRisk",
  "version",
  "outcomes",
  "clobTokenIds",
  "umaResolutionStatuses",
] as const;
const booleanKeys = new Set(["active", "closed", "archived", "acceptingOrders", "enableOrderBook", "negRisk"]);
const freeTextKeys = new Set(["question", "description"]);

describe("property: a malformed or partial Gamma payload never yields a market", () => {
  test("any non-empty set of required fields removed", () => {
    fc.assert(
      fc.property(fc.subarray([...requiredKeys], { minLength: 1 }), (removed) => {
        const raw = gammaMarket();
        for (const key of removed) delete raw[key];
        expect(() => parse(raw)).toThrow(MarketDataSchemaError);
      }),
    );
  });

  test("any required field replaced by a value of the wrong type", () => {
    const wrongValue = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.constant(""),
      fc.object(),
      fc.array(fc.integer(), { minLength: 1 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...requiredKeys), wrongValue, (key, value) => {
        fc.pre(!(booleanKeys.has(key) && typeof value === "boolean"));
        fc.pre(!(freeTextKeys.has(key) && value === ""));
        expect(() => parse(gammaMarket({ [key]: value }))).toThrow(MarketDataSchemaError);
      }),
    );
  });

  test("arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        expect(() => parse(raw)).toThrow(MarketDataSchemaError);
      }),
    );
  });

  test("a valid payload with arbitrary extra fields still parses to the same market", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string().filter((key) => !(key in gammaMarket())), fc.jsonValue()), (extra) => {
        expect(parse({ ...extra, ...gammaMarket() })).toEqual(parse(gammaMarket()));
      }),
    );
  });
});
