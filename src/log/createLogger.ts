import pino, { type DestinationStream, type Logger } from "pino";

/** Paths pino censors in every log line, wherever a secret could appear. */
export const redactPaths = [
  "credential",
  "*.credential",
  "passphrase",
  "*.passphrase",
  "privateKey",
  "*.privateKey",
  "private_key",
  "*.private_key",
  "secret",
  "*.secret",
  "apiSecret",
  "*.apiSecret",
  "authorization",
  "*.authorization",
  "headers",
  "*.headers",
  "keystore",
  "*.keystore",
  "api_key",
  "*.api_key",
  "api_secret",
  "*.api_secret",
  "api_passphrase",
  "*.api_passphrase",
  // Config sections one level further down (kill_switch.clob).
  "*.*.api_key",
  "*.*.api_secret",
  "*.*.api_passphrase",
  // An RPC URL often carries the provider's API key in its path (kill_switch.pause_user.rpc_url).
  "rpc_url",
  "*.rpc_url",
  "*.*.rpc_url",
  "POLY_API_KEY",
  "*.POLY_API_KEY",
  "POLY_PASSPHRASE",
  "*.POLY_PASSPHRASE",
  "POLY_SIGNATURE",
  "*.POLY_SIGNATURE",
  // An RPC URL often carries its provider's key; the relayer's key travels in a header.
  "rpc_url",
  "*.rpc_url",
  "RELAYER_API_KEY",
  "*.RELAYER_API_KEY",
];

/**
 * The root JSON logger (pino) with secrets redacted by path. Components take
 * `logger.child({ component })`; request logs list their fields and never log headers or bodies.
 *
 * @param params.level - Log level.
 * @param params.destination - Where lines go (default stdout); tests pass a capturing stream.
 * @returns The logger.
 * @example
 * const logger = createLogger({ level: "info" })
 * logger.child({ component: "signer" }).info({ session_id }, "signed")
 */
export function createLogger({ level, destination }: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    { level, base: { service: "warden" }, redact: { paths: redactPaths, censor: "[redacted]" } },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
