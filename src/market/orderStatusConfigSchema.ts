import { z } from "zod";
import { clobCredentialPatterns } from "./clobCredentialPatterns.js";

const whole = (field: string, unit: string, min: number, max: number, example: number) =>
  z
    .number({ error: `order_status.${field} must be a number of ${unit}, e.g. ${example}` })
    .int({ error: `order_status.${field} must be whole ${unit}, e.g. ${example}` })
    .min(min, { error: `order_status.${field} must be at least ${min} ${unit}; raise it` })
    .max(max, { error: `order_status.${field} must be at most ${max} ${unit}; lower it` });

// Messages never echo the value: these fields are secrets.
const secretField = (field: string, pattern: RegExp, what: string) =>
  z
    .string({ error: `order_status.${field} is required: ${what}` })
    .regex(pattern, { error: `order_status.${field} is malformed: ${what}` });

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
    clob_url: z
      .url({ protocol: /^https?$/, error: "order_status.clob_url must be an http(s) base URL such as https://clob.polymarket.com" })
      .default("https://clob.polymarket.com"),
    poll_interval_s: whole("poll_interval_s", "seconds", 1, 3_600, 30).default(30),
    timeout_ms: whole("timeout_ms", "milliseconds", 100, 60_000, 5_000).default(5_000),
    max_concurrency: whole("max_concurrency", "requests", 1, 64, 4).default(4),
    api_key: secretField("api_key", clobCredentialPatterns.key, "set the CLOB API key (a UUID) that createOrDeriveApiKey returned"),
    api_secret: secretField("api_secret", clobCredentialPatterns.secret, "set the CLOB API secret (base64) that createOrDeriveApiKey returned"),
    api_passphrase: secretField(
      "api_passphrase",
      clobCredentialPatterns.passphrase,
      "set the CLOB API passphrase that createOrDeriveApiKey returned (printable ASCII, no spaces)",
    ),
    address: z
      .string({ error: "order_status.address must be a 0x-prefixed address; omit it to use the wallet's" })
      .regex(clobCredentialPatterns.address, { error: "order_status.address must be a 0x-prefixed 20-byte address; omit it to use the wallet's" })
      .optional(),
  })
  .strict();

/** The validated `order_status` section. */
export type OrderStatusConfig = z.infer<typeof orderStatusConfigSchema>;
