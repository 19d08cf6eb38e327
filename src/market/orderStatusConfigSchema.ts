import { z } from "zod";
import { clobApiConfigFields, wholeNumberField } from "./clobApiConfigFields.js";

/**
 * zod schema of the optional `order_status` section: the watcher that releases the exposure of
 * orders the CLOB reports cancelled or filled. Absent ⇒ no watcher (the offline default). Present ⇒
 * the CLOB L2 API credentials are required (`createOrDeriveApiKey` of `@polymarket/clob-client-v2`
 * returns them); `address` defaults to Warden's wallet, the address an API key derived through
 * Warden's ClobAuth belongs to.
 *
 * @example
 * ```ts
 * const config = orderStatusConfigSchema.parse({
 *   api_key: "f4f247b7-4ac7-ff29-a152-04fda0a8755a", api_secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQ=", api_passphrase: "p4ss",
 * });
 * config.poll_interval_s; // 30
 * ```
 */
export const orderStatusConfigSchema = z
  .object({
    ...clobApiConfigFields("order_status"),
    poll_interval_s: wholeNumberField("order_status.poll_interval_s", "seconds", 1, 3_600, 30).default(30),
    timeout_ms: wholeNumberField("order_status.timeout_ms", "milliseconds", 100, 60_000, 5_000).default(5_000),
    max_concurrency: wholeNumberField("order_status.max_concurrency", "requests", 1, 64, 4).default(4),
  })
  .strict();

/** The validated `order_status` section. */
export type OrderStatusConfig = z.infer<typeof orderStatusConfigSchema>;
