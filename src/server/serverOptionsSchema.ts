import { z } from "zod";

/**
 * The HTTP options a user sets (seed 004 §21 backpressure, body limit), checked with messages
 * that name the field and the fix.
 *
 * @example
 * serverOptionsSchema.parse({ max_in_flight: 500 })
 */
export const serverOptionsSchema = z
  .object({
    max_in_flight: z
      .number({ error: "server.max_in_flight must be a number, e.g. 500" })
      .int({ error: "server.max_in_flight must be a whole number" })
      .min(1, { error: "server.max_in_flight must be at least 1" })
      .max(100_000, { error: "server.max_in_flight must be at most 100000" })
      .default(500),
    max_body_bytes: z
      .number({ error: "server.max_body_bytes must be a number of bytes, e.g. 65536" })
      .int({ error: "server.max_body_bytes must be whole bytes" })
      .min(1024, { error: "server.max_body_bytes must be at least 1024" })
      .max(16 * 1024 * 1024, { error: "server.max_body_bytes must be at most 16777216 (16 MiB)" })
      .default(64 * 1024),
    /** Seconds a 429 asks the client to wait (`Retry-After`). */
    retry_after_s: z
      .number({ error: "server.retry_after_s must be a number of seconds, e.g. 1" })
      .int({ error: "server.retry_after_s must be whole seconds" })
      .min(1, { error: "server.retry_after_s must be at least 1" })
      .max(60, { error: "server.retry_after_s must be at most 60" })
      .default(1),
  })
  .strict();

export type ServerOptions = z.input<typeof serverOptionsSchema>;
