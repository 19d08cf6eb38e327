import { z } from "zod";

const decimalStringSchema = z
  .string()
  .max(40, "expected a decimal string of at most 40 characters")
  .regex(/^\d+(\.\d+)?$/, "expected a non-negative decimal string");

/**
 * zod schema of one CLOB order (`GET /data/order/{orderID}`), as typed by `@polymarket/clob-client-v2`
 * `OpenOrder`. The fields the order-status watcher decides on are required and strictly typed: `id`
 * (the order hash, `0x` + 64 hex), `status` (a string; its meaning is decided by
 * `classifyClobOrder`), `original_size` and `size_matched` (non-negative decimal strings, compared
 * exactly). The rest of `OpenOrder` is type-checked when present but not required, so a missing
 * display field never keeps an order's exposure alive. Unknown extra fields are ignored.
 *
 * @example
 * ```ts
 * const order = clobOpenOrderSchema.parse({
 *   id: "0x" + "ab".repeat(32), status: "ORDER_STATUS_CANCELED", original_size: "100", size_matched: "0",
 * });
 * ```
 */
export const clobOpenOrderSchema = z.object({
  id: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected the order hash (0x + 64 hex)"),
  status: z.string().min(1, "expected a non-empty status").max(64, "expected a status of at most 64 characters"),
  original_size: decimalStringSchema,
  size_matched: decimalStringSchema,
  owner: z.string().optional(),
  maker_address: z.string().optional(),
  market: z.string().optional(),
  asset_id: z.string().optional(),
  side: z.string().optional(),
  price: z.string().optional(),
  associate_trades: z.array(z.string()).nullable().optional(),
  outcome: z.string().optional(),
  created_at: z.number().optional(),
  expiration: z.string().optional(),
  order_type: z.string().optional(),
});

/** A CLOB order after validation. */
export type ClobOpenOrder = z.infer<typeof clobOpenOrderSchema>;
