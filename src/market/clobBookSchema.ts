import { z } from "zod";

const decimalStringSchema = z.string().regex(/^\d+(\.\d+)?$/, "expected a non-negative decimal string");
const priceSchema = decimalStringSchema.transform(Number).refine((price) => price >= 0 && price <= 1, "price must lie in [0, 1]");
const levelSchema = z.object({ price: priceSchema, size: decimalStringSchema.transform(Number) });

/**
 * zod schema of the CLOB order book summary (`GET /book?token_id=`), as typed by
 * `@polymarket/clob-client-v2` `OrderBookSummary`: prices and sizes are decimal strings, `timestamp`
 * is unix milliseconds as a decimal string, `market` is the condition id and `asset_id` the token id.
 *
 * @example
 * ```ts
 * const book = clobBookSchema.parse({
 *   market: "0x" + "ab".repeat(32), asset_id: "1", timestamp: "1767225600000", hash: "0xfeed",
 *   bids: [{ price: "0.48", size: "100" }], asks: [{ price: "0.52", size: "80" }],
 *   min_order_size: "5", tick_size: "0.01", neg_risk: false, last_trade_price: "0.5",
 * });
 * ```
 */
export const clobBookSchema = z.object({
  market: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a bytes32 hex condition id"),
  asset_id: z.string().regex(/^[0-9]{1,78}$/, "expected a decimal token id"),
  timestamp: z.string().regex(/^\d{13}$/, "expected unix milliseconds (13 digits) as a decimal string").transform(Number),
  hash: z.string(),
  bids: z.array(levelSchema),
  asks: z.array(levelSchema),
  min_order_size: decimalStringSchema.transform(Number),
  tick_size: decimalStringSchema.transform(Number).refine((tick) => tick > 0 && tick < 1, "tick size must lie in (0, 1)"),
  neg_risk: z.boolean(),
  last_trade_price: z.preprocess((value) => (value === "" ? null : value), priceSchema.nullish()),
});

/** A CLOB book after validation. */
export type ClobBook = z.infer<typeof clobBookSchema>;
