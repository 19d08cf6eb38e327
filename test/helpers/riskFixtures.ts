import type { GuardContext } from "../../src/guards/Guard";
import type { ExposureView } from "../../src/core/exposure";
import type { DrawdownView, RiskContext } from "../../src/guards/RiskContext";
import { type RiskGuardsConfig, type RiskGuardsConfigInput, riskGuardsConfigSchema } from "../../src/guards/riskGuardsConfigSchema";
import type { BookSnapshot, Hex, MarketSnapshot, MarketState, MarketResolutionInfo } from "../../src/market/types";
import { ctx, T0 } from "./guardFixtures";

/** The token `orderIntent` trades (tokenId 1n) and its market. */
export const TOKEN = "1";
export const CONDITION = `0x${"c0".repeat(32)}` as Hex;
export const CLUSTER = "FED_RATES";
export const STRATEGY = "nba-mm";
export const HOUR_MS = 3_600_000;

/** Validated config with the seed defaults, plus overrides. */
export function riskConfig(over: RiskGuardsConfigInput = {}): RiskGuardsConfig {
  return riskGuardsConfigSchema.parse(over);
}

export function marketState(over: Partial<MarketState> = {}): MarketState {
  return { active: true, closed: false, archived: false, acceptingOrders: true, enableOrderBook: true, resolved: false, halted: false, tradable: true, ...over };
}

export function resolution(over: Partial<MarketResolutionInfo> = {}): MarketResolutionInfo {
  return {
    resolutionSource: "https://www.federalreserve.gov https://www.bls.gov",
    resolutionSources: ["https://www.federalreserve.gov", "https://www.bls.gov"],
    singleSource: false,
    endDateMs: T0 + 30 * 24 * HOUR_MS,
    umaResolutionStatus: null,
    umaResolutionStatuses: [],
    priorDisputeCount: 0,
    umaBond: "750",
    customLivenessSec: null,
    ...over,
  };
}

/** A tradable, month-out, two-source market whose outcome "Yes" is {@link TOKEN}. */
export function market(over: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return {
    source: "fixture:inline",
    fetchedAtMs: T0,
    asOfMs: T0,
    kind: "market",
    marketId: "512",
    conditionId: CONDITION,
    questionId: null,
    question: "Will the Fed cut rates in June?",
    slug: "fed-cut-june",
    rulesText: "Resolves Yes if the FOMC lowers the target range at its June meeting, per the official statement.",
    protocolVersion: "v1",
    outcomes: [
      { label: "Yes", tokenId: TOKEN, price: 0.5 },
      { label: "No", tokenId: "2", price: 0.5 },
    ],
    state: marketState(),
    resolution: resolution(),
    negRisk: false,
    negRiskMarketId: null,
    tickSize: 0.01,
    minOrderSize: 5,
    ...over,
  };
}

/** A book of {@link TOKEN} with the given best prices (null = empty side), stamped `ageMs` before T0. */
export function book({ bid = 0.48, ask = 0.52, ageMs = 0, over = {} }: { bid?: number | null; ask?: number | null; ageMs?: number; over?: Partial<BookSnapshot> } = {}): BookSnapshot {
  return {
    source: "fixture:inline",
    fetchedAtMs: T0,
    asOfMs: T0 - ageMs,
    kind: "book",
    tokenId: TOKEN,
    conditionId: CONDITION,
    bids: bid === null ? [] : [{ price: bid, size: 100 }],
    asks: ask === null ? [] : [{ price: ask, size: 100 }],
    bestBid: bid,
    bestAsk: ask,
    mid: bid === null || ask === null ? null : (bid + ask) / 2,
    spread: bid === null || ask === null ? null : ask - bid,
    tickSize: 0.01,
    minOrderSize: 5,
    negRisk: false,
    hash: "h",
    lastTradePrice: null,
    bookTimestampMs: T0 - ageMs,
    ...over,
  };
}

/** Empty exposure in {@link CLUSTER}, {@link CONDITION}, {@link STRATEGY}. */
export function exposure(over: {
  global?: Partial<ExposureView["global"]>;
  cluster?: Partial<ExposureView["cluster"]>;
  market?: Partial<ExposureView["market"]>;
  strategy?: Partial<ExposureView["strategy"]>;
} = {}): ExposureView {
  return {
    global: { id: "global", grossMicros: 0n, netMicros: 0n, ...over.global },
    cluster: { id: CLUSTER, grossMicros: 0n, netMicros: 0n, instruments: 1, instrumentIds: [TOKEN], ...over.cluster },
    market: { id: CONDITION, grossMicros: 0n, netMicros: 0n, ...over.market },
    strategy: { id: STRATEGY, grossMicros: 0n, netMicros: 0n, envelopesLastMinute: 0, notionalLastMinuteMicros: 0n, ...over.strategy },
  };
}

export function drawdown(start: bigint, current: bigint): DrawdownView {
  return { startOfDayEquityMicros: start, currentEquityMicros: current };
}

const ok = <T>(value: T) => ({ status: "ok" as const, value, ageMs: 0 });

/** Everything available and benign: every risk guard approves an `orderIntent(n)` with small n. */
export function risk(over: Partial<RiskContext> = {}): RiskContext {
  return {
    market: { status: "ok", snapshot: market(), ageMs: 0 },
    book: { status: "ok", snapshot: book(), ageMs: 0 },
    cluster: { status: "ok", tokenId: TOKEN, conditionId: CONDITION, clusterId: CLUSTER },
    exposure: ok(exposure()),
    drawdown: ok(drawdown(100_000_000_000n, 100_000_000_000n)),
    bannedMarkets: ok({ ids: new Set<string>() }),
    bannedCounterparties: ok({ ids: new Set<string>() }),
    declared: { region: null, inputs: [], counterparty: null },
    ...over,
  };
}

/** A guard context at T0 carrying `risk(over)`. */
export function riskCtx(over: Partial<RiskContext> = {}, ctxOver: Partial<GuardContext> = {}): GuardContext {
  return ctx({ risk: risk(over), ...ctxOver });
}

/** The store's answer for a missing or stale snapshot. */
export function unavailableRead(reason: "missing" | "stale" = "missing", ageMs: number | null = null) {
  return { status: "unavailable" as const, reason, ageMs, lastError: null };
}
