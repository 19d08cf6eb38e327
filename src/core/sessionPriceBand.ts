import type { SessionScope } from "./SessionScope";

/** A session's price band in micro-pUSD per share. */
export type SessionPriceBand = { maxBuyPriceMicros: bigint; minSellPriceMicros: bigint };

/** No bound: a BUY may pay up to 1 pUSD per share, a SELL may accept any price. */
const UNBOUNDED: SessionPriceBand = { maxBuyPriceMicros: 1_000_000n, minSellPriceMicros: 0n };

const micros = (value: unknown, none: bigint): bigint => {
  if (value === undefined || value === null) return none;
  // A store that keeps records as JSON hands bigints back as decimal strings; anything else throws,
  // and a guard that throws denies.
  if (typeof value !== "bigint" && !(typeof value === "string" && /^(0|[1-9][0-9]{0,18})$/.test(value)))
    throw new TypeError("price band is not an amount of micro-pUSD");
  return BigInt(value);
};

/**
 * The price band of a session scope as bigints. A session granted before scopes carried a band has
 * none (the owner signed no bound), so it reads as unbounded.
 *
 * @param scope - The session's scope, as stored.
 * @returns `{ maxBuyPriceMicros, minSellPriceMicros }`.
 * @throws {TypeError} when a stored bound is not an amount (the guard reading it then denies).
 * @example
 * sessionPriceBand(session.scope).maxBuyPriceMicros // 1000000n when unbounded
 */
export function sessionPriceBand(scope: Partial<Pick<SessionScope, "max_buy_price_micros" | "min_sell_price_micros">>): SessionPriceBand {
  return {
    maxBuyPriceMicros: micros(scope.max_buy_price_micros, UNBOUNDED.maxBuyPriceMicros),
    minSellPriceMicros: micros(scope.min_sell_price_micros, UNBOUNDED.minSellPriceMicros),
  };
}
