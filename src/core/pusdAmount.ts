import { z } from "zod";

/**
 * A zod schema for a pUSD amount a user sets: positive, finite, at most `max`, at most 6 decimals
 * (pUSD's precision); every message names the field and the fix.
 *
 * @example
 * pusdAmount("guards.wallet_permission_guard.max_per_call_size_usd", 1e9).parse(1000)
 */
export const pusdAmount = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a number of pUSD, e.g. 1000` })
    .positive({ error: `${field} must be greater than 0 pUSD; set e.g. 1000` })
    .max(max, { error: `${field} must be at most ${max} pUSD; lower it` })
    .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, {
      error: `${field} has more than 6 decimals; pUSD has 6, round it`,
    });
