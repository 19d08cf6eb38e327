import { z } from "zod";
import { MarketDataSchemaError } from "../errors/marketErrors.js";
import { gammaMarketSchema } from "./gammaMarketSchema.js";
import type { Hex, MarketSnapshot, UmaResolutionStatus } from "./types.js";

/** Parameters of {@link parseGammaMarket}. */
export type ParseGammaMarketParameters = {
  /** One item of a Gamma `GET /markets` response, as parsed JSON. */
  raw: unknown;
  source: string;
  /** Key named in errors, e.g. `"market:0xab…"`. */
  key: string;
  fetchedAtMs: number;
};

/** The normalized market. */
export type ParseGammaMarketReturnType = MarketSnapshot;

const urlPattern = /https?:\/\/[^\s,;)"'<>]+/g;

function resolutionSourcesOf(resolutionSource: string | null): string[] {
  if (resolutionSource === null) return [];
  const urls = resolutionSource.match(urlPattern);
  if (urls === null) return [resolutionSource];
  return [...new Set(urls.map((url) => url.replace(/[.)\]]+$/, "").replace(/\/$/, "")))];
}

function priorDisputeCountOf(history: readonly string[], current: UmaResolutionStatus | null): number {
  const disputes = history.filter((status) => status === "disputed").length;
  return current === "disputed" ? Math.max(disputes, 1) : disputes;
}

/**
 * Validates one Gamma market and normalizes it into a {@link MarketSnapshot}: JSON-encoded
 * arrays decoded, the outcome ids picked by `version`, ids lower-cased, derived flags
 * (`resolved`, `halted`, `tradable`, `singleSource`, `priorDisputeCount`) computed once here.
 *
 * @param parameters - `{ raw, source, key, fetchedAtMs }`.
 * @returns The market snapshot.
 * @throws {MarketDataSchemaError} When any required field is missing or malformed.
 *
 * @example
 * ```ts
 * const [raw] = (await (await fetch("https://gamma-api.polymarket.com/markets?condition_ids=0x…")).json()) as unknown[];
 * const market = parseGammaMarket({ raw, source: "gamma:https://gamma-api.polymarket.com", key: "market:0x…", fetchedAtMs: Date.now() });
 * market.resolution.priorDisputeCount; // 0
 * ```
 */
export function parseGammaMarket({ raw, source, key, fetchedAtMs }: ParseGammaMarketParameters): ParseGammaMarketReturnType {
  const result = gammaMarketSchema.safeParse(raw);
  if (!result.success) throw new MarketDataSchemaError({ source, key, issues: z.prettifyError(result.error) });
  const market = result.data;
  // The schema's refinement guarantees the id list exists and matches the outcomes.
  const ids = (market.version === "v1" ? market.clobTokenIds : market.positionIds) ?? [];
  const prices = market.outcomePrices ?? [];
  const resolutionSource = market.resolutionSource?.trim() || null;
  const resolutionSources = resolutionSourcesOf(resolutionSource);
  const umaResolutionStatus = market.umaResolutionStatus ?? null;
  const resolved = umaResolutionStatus === "resolved" || umaResolutionStatus === "settled";
  const halted = !market.closed && (!market.acceptingOrders || !market.enableOrderBook);
  return {
    kind: "market",
    source,
    fetchedAtMs,
    asOfMs: fetchedAtMs,
    marketId: market.id,
    conditionId: market.conditionId.toLowerCase() as Hex,
    questionId: (market.questionID?.toLowerCase() as Hex | undefined) ?? null,
    question: market.question,
    slug: market.slug ?? null,
    rulesText: market.description,
    protocolVersion: market.version,
    outcomes: market.outcomes.map((label, index) => ({
      label,
      tokenId: ids[index] ?? "",
      price: prices.length === 0 ? null : (prices[index] ?? null),
    })),
    state: {
      active: market.active,
      closed: market.closed,
      archived: market.archived,
      acceptingOrders: market.acceptingOrders,
      enableOrderBook: market.enableOrderBook,
      resolved,
      halted,
      tradable:
        market.active && !market.closed && !market.archived && market.acceptingOrders && market.enableOrderBook && !resolved,
    },
    resolution: {
      resolutionSource,
      resolutionSources,
      singleSource: resolutionSources.length === 1,
      endDateMs: Date.parse(market.endDate),
      umaResolutionStatus,
      umaResolutionStatuses: market.umaResolutionStatuses,
      priorDisputeCount: priorDisputeCountOf(market.umaResolutionStatuses, umaResolutionStatus),
      umaBond: market.umaBond ?? null,
      customLivenessSec: market.customLiveness ? market.customLiveness : null,
    },
    negRisk: market.negRisk,
    negRiskMarketId: market.negRiskMarketID ?? null,
    tickSize: market.orderPriceMinTickSize ?? null,
    minOrderSize: market.orderMinSize ?? null,
  };
}
