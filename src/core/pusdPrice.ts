import { z } from "zod";

/**
 * A zod schema for a price a user sets, in pUSD per share: at most 1 (a share pays out at most
 * 1 pUSD), at most 6 decimals (prices are compared in micro-pUSD), and above 0 — or, with
 * `allowZero`, 0 too (a floor of 0 is no floor). Every message names the field and the fix.
 *
 * @param field - The field's name as the user writes it.
 * @param options.allowZero - Whether 0 is a valid value (it means "no bound").
 * @example
 * pusdPrice("max_buy_price", { allowZero: false }).parse(0.95)
 */
export const pusdPrice = (field: string, { allowZero }: { allowZero: boolean }) => {
  const example = allowZero ? "0.05, or 0 for no floor" : "0.95, or 1 for no cap";
  const number = z.number({ error: `${field} must be a price in pUSD per share; set e.g. ${example}` });
  return (
    allowZero
      ? number.min(0, { error: `${field} must be >= 0 pUSD per share; set e.g. ${example}` })
      : number.gt(0, { error: `${field} must be greater than 0 pUSD per share (prices are in (0, 1]); set e.g. ${example}` })
  )
    .max(1, { error: `${field} must be at most 1 pUSD per share (a share pays out at most 1); set e.g. ${example}` })
    .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, {
      error: `${field} has more than 6 decimals; prices are compared in micro-pUSD, round it`,
    });
};
