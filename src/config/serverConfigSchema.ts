import { isIP } from "node:net";
import { z } from "zod";

/** The HTTP limits (seed 004 §21 backpressure, body limit) that `createWardenHttp` also takes directly. */
export const serverLimitFields = {
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
  /** HTTPS: the PEM certificate (chain) and private key, read and checked when the server starts. */
  tls: z
    .strictObject(
      {
        cert_file: z.string({ error: "server.tls.cert_file must be the path of a PEM certificate" }).min(1, { error: "server.tls.cert_file must be the path of a PEM certificate" }),
        key_file: z.string({ error: "server.tls.key_file must be the path of a PEM private key" }).min(1, { error: "server.tls.key_file must be the path of a PEM private key" }),
      },
      { error: "server.tls must be { cert_file, key_file } (PEM paths); remove it to serve plain HTTP on loopback" },
    )
    .optional(),
};

/** True for an address only this host can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host === "::1" || host === "[::1]") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/**
 * The `server` section: where the API listens, its limits and HTTPS. It binds to loopback by
 * default; any other address (0.0.0.0 included) must be allowed with
 * `server.allow_non_loopback: true`, since anyone who reaches it may try every route.
 *
 * @example
 * serverConfigSchema.parse({ host: "10.0.0.5", allow_non_loopback: true, tls: { cert_file: "cert.pem", key_file: "key.pem" } })
 */
export const serverConfigSchema = z
  .strictObject({
    host: z
      .string({ error: "server.host must be an interface address such as 127.0.0.1" })
      .min(1, { error: "server.host must be an interface address such as 127.0.0.1" })
      .default("127.0.0.1"),
    port: z
      .number({ error: "server.port must be a number, e.g. 8787" })
      .int({ error: "server.port must be a whole number" })
      .min(0, { error: "server.port must be between 0 and 65535" })
      .max(65_535, { error: "server.port must be between 0 and 65535" })
      .default(8787),
    allow_non_loopback: z.boolean({ error: "server.allow_non_loopback must be true or false" }).default(false),
    ...serverLimitFields,
  })
  .superRefine((s, ctx) => {
    if (!s.allow_non_loopback && !isLoopbackHost(s.host))
      ctx.addIssue({
        code: "custom",
        path: ["host"],
        message: `server.host ${s.host} is not a loopback address: set server.allow_non_loopback: true to listen there (and server.tls for HTTPS), or use 127.0.0.1`,
      });
  })
  .default({ host: "127.0.0.1", port: 8787, allow_non_loopback: false, max_in_flight: 500, max_body_bytes: 64 * 1024, retry_after_s: 1 });
