import { z } from "zod";
import { serverLimitFields } from "../config/serverConfigSchema";

/**
 * The HTTP options `createWardenHttp` takes (the `server` section's limits and HTTPS: seed 004
 * §21 backpressure, body limit, TLS files), checked with messages that name the field and the fix.
 *
 * @example
 * serverOptionsSchema.parse({ max_in_flight: 500 })
 */
export const serverOptionsSchema = z.strictObject(serverLimitFields);

export type ServerOptions = z.input<typeof serverOptionsSchema>;
