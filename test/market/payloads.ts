/** Realistic raw payloads in the exact shapes Polymarket's APIs send (see docs/market-data.md). */

export const CONDITION_ID = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
export const YES_TOKEN = "21742633143463906290569050155826241533067272736897614950488156847949938836455";
export const NO_TOKEN = "48331043336612883890938759509493159234755048973500640148014422747788308965732";
export const WALLET = "0x56687bf447db6ffa42ffe2204a05edaa20f55839";

/** A Gamma `GET /markets` item: note the JSON-encoded `outcomes`, `outcomePrices`, `clobTokenIds`. */
export function gammaMarket(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "516710",
    question: "Will the Fed cut rates at the December 2026 FOMC meeting?",
    conditionId: CONDITION_ID,
    slug: "fed-cut-december-2026",
    resolutionSource: "https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm, https://www.reuters.com/markets/",
    endDate: "2026-12-16T19:00:00Z",
    liquidity: "152483.2291",
    startDate: "2026-06-01T12:00:00.123456Z",
    description:
      "This market will resolve to \"Yes\" if the FOMC announces a cut to the federal funds target range at its December 2026 meeting. Otherwise \"No\".",
    outcomes: '["Yes", "No"]',
    outcomePrices: '["0.415", "0.585"]',
    volume: "2483021.77",
    active: true,
    closed: false,
    marketMakerAddress: "",
    createdAt: "2026-06-01T11:48:03.44Z",
    updatedAt: "2026-11-20T09:12:55.001Z",
    archived: false,
    restricted: true,
    questionID: "0x2c1f7a3e5b8d9c0f4e6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60",
    enableOrderBook: true,
    orderPriceMinTickSize: 0.01,
    orderMinSize: 5,
    volumeNum: 2483021.77,
    liquidityNum: 152483.2291,
    endDateIso: "2026-12-16",
    clobTokenIds: JSON.stringify([YES_TOKEN, NO_TOKEN]),
    umaBond: "750",
    umaReward: "5",
    acceptingOrders: true,
    negRisk: false,
    negRiskMarketID: "",
    umaResolutionStatus: "",
    umaResolutionStatuses: "[]",
    bestBid: 0.41,
    bestAsk: 0.42,
    spread: 0.01,
    version: "v1",
    feesEnabled: true,
    ...overrides,
  };
}

/** A CLOB `GET /book` response: both sides best-last, decimal strings, ms timestamp as a string. */
export function clobBook(timestampMs: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    market: CONDITION_ID,
    asset_id: YES_TOKEN,
    timestamp: String(timestampMs),
    hash: "8c4e0a5f1d9b2e7c3a6f0d4b8e1c5a9f2d6b0e3c",
    bids: [
      { price: "0.39", size: "1200" },
      { price: "0.40", size: "310.5" },
      { price: "0.41", size: "95" },
    ],
    asks: [
      { price: "0.45", size: "800" },
      { price: "0.43", size: "240" },
      { price: "0.42", size: "60.25" },
    ],
    min_order_size: "5",
    tick_size: "0.01",
    neg_risk: false,
    last_trade_price: "0.420",
    ...overrides,
  };
}

/** A data API `GET /positions` item: JSON numbers. */
export function dataPosition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    proxyWallet: WALLET,
    asset: YES_TOKEN,
    conditionId: CONDITION_ID,
    size: 1520.5,
    avgPrice: 0.3812,
    initialValue: 579.6146,
    currentValue: 631.0075,
    cashPnl: 51.3929,
    percentPnl: 8.8669,
    totalBought: 1520.5,
    realizedPnl: 0,
    percentRealizedPnl: 0,
    curPrice: 0.415,
    redeemable: false,
    mergeable: false,
    title: "Will the Fed cut rates at the December 2026 FOMC meeting?",
    slug: "fed-cut-december-2026",
    icon: "https://polymarket-upload.s3.us-east-2.amazonaws.com/fed.png",
    eventSlug: "fed-decision-in-december",
    outcome: "Yes",
    outcomeIndex: 0,
    oppositeOutcome: "No",
    oppositeAsset: NO_TOKEN,
    endDate: "2026-12-16",
    negativeRisk: false,
    ...overrides,
  };
}
