import type { SessionScope } from "./SessionScope";

/** No price bound: a BUY may pay up to 1 pUSD per share, a SELL may accept any price. */
const UNBOUNDED_MAX_BUY_MICROS = 1_000_000n;
const UNBOUNDED_MIN_SELL_MICROS = 0n;

const micros = (value: unknown, field: string): bigint => {
  if (typeof value === "bigint") return value;
  if (typeof value === "string" && /^(0|[1-9][0-9]{0,18})$/.test(value)) return BigInt(value);
  throw new TypeError(`stored session scope: ${field} is not an amount of micro-pUSD`);
};

/**
 * A session scope as a store reads it back from JSON (where bigints are decimal strings). A scope
 * stored before scopes carried a price band has none — the owner signed no bound — and reads as
 * unbounded. One function for every store, so no store hands the guards a string where they
 * compare amounts.
 *
 * @param s - The scope as parsed from the stored JSON.
 * @returns The scope with its amounts as bigints.
 * @throws {TypeError} when a stored amount is not one (the store then refuses to open).
 * @example
 * sessionScopeFromJson(JSON.parse(row.json).scope).max_per_call_size_micros // 1000000000n
 */
export function sessionScopeFromJson(s: Record<string, unknown>): SessionScope {
  return {
    ...(s as unknown as SessionScope),
    max_per_call_size_micros: micros(s.max_per_call_size_micros, "max_per_call_size_micros"),
    max_buy_price_micros: s.max_buy_price_micros === undefined ? UNBOUNDED_MAX_BUY_MICROS : micros(s.max_buy_price_micros, "max_buy_price_micros"),
    min_sell_price_micros: s.min_sell_price_micros === undefined ? UNBOUNDED_MIN_SELL_MICROS : micros(s.min_sell_price_micros, "min_sell_price_micros"),
  };
}
