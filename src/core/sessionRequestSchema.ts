import { isAddress } from "viem";
import { z } from "zod";
import { pusdAmount } from "./pusdAmount";
import { pusdPrice } from "./pusdPrice";

/**
 * The scope a caller asks for (snake_case, as in the seeds). Omitted fields take the configured
 * defaults; every number is checked with a message naming the field and the fix.
 *
 * @example
 * sessionRequestSchema.parse({ strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders"] })
 */
export const sessionRequestSchema = z
  .object({
    strategy_id: z
      .string({ error: "strategy_id is required: name the strategy this session signs for" })
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, {
        error: "strategy_id must be 1–64 characters of letters, digits, '.', '_', ':' or '-'",
      }),
    method_whitelist: z
      .array(
        z.enum(["CTFExchangeV2.matchOrders", "ClobAuth.sign"], {
          error: "method_whitelist entries must be CTFExchangeV2.matchOrders or ClobAuth.sign",
        }),
      )
      .max(2)
      .optional(),
    contract_allowlist: z
      .array(
        z.string().refine((a) => isAddress(a, { strict: true }), {
          error: "contract_allowlist entries must be addresses (0x + 40 hex, valid checksum if mixed case)",
        }),
      )
      .max(16, { error: "contract_allowlist holds at most 16 exchanges" })
      .optional(),
    max_per_call_size_usd: pusdAmount("max_per_call_size_usd", 1e9).optional(),
    /** Highest price a BUY may pay (pUSD per share); 1 = no cap. */
    max_buy_price: pusdPrice("max_buy_price", { allowZero: false }).optional(),
    /** Lowest price a SELL may accept (pUSD per share); 0 = no floor. */
    min_sell_price: pusdPrice("min_sell_price", { allowZero: true }).optional(),
    max_session_lifetime_h: z
      .number({ error: "max_session_lifetime_h must be a number of hours, e.g. 24" })
      .positive({ error: "max_session_lifetime_h must be > 0 hours" })
      .max(720, { error: "max_session_lifetime_h must be at most 720 (30 days); shorten it" })
      .refine((h) => Number.isInteger(h * 3600), { error: "max_session_lifetime_h must be a whole number of seconds" })
      .optional(),
    max_calls_per_session: z
      .number({ error: "max_calls_per_session must be a number, e.g. 10000" })
      .int({ error: "max_calls_per_session must be a whole number" })
      .min(1, { error: "max_calls_per_session must be at least 1" })
      .max(10_000_000, { error: "max_calls_per_session must be at most 10000000" })
      .optional(),
    idle_timeout_s: z
      .number({ error: "idle_timeout_s must be a number of seconds, e.g. 3600" })
      .int({ error: "idle_timeout_s must be whole seconds" })
      .min(1, { error: "idle_timeout_s must be at least 1 second" })
      .max(30 * 86_400, { error: "idle_timeout_s must be at most 2592000 (30 days)" })
      .optional(),
    require_reapproval_h: z
      .number({ error: "require_reapproval_h must be a number of hours, e.g. 24" })
      .min(0, { error: "require_reapproval_h must be >= 0 hours" })
      .max(720, { error: "require_reapproval_h must be at most 720 hours" })
      .refine((h) => Number.isInteger(h * 3600), { error: "require_reapproval_h must be a whole number of seconds" })
      .optional(),
  })
  .strict();

/** A session request as callers write it. */
export type SessionRequest = z.input<typeof sessionRequestSchema>;
