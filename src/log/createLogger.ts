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
    destination ?? stdoutInBlocks(),
  );
}

/** How long a log line may wait in memory before it is written (unless 4 KB gathered first). */
const FLUSH_EVERY_MS = 100;

/**
 * stdout written in blocks: a write per line cost a thread-pool round trip each (~16 µs of CPU per
 * request at 1,000 requests/s, measured; see the README's Benchmark section), so lines gather until
 * 4 KB or for at most {@link FLUSH_EVERY_MS}. At exit (process.exit included) sonic-boom writes what
 * is left; a SIGKILL loses at most that last tenth of a second of lines — never an audit record,
 * which the store holds.
 */
let sharedStdout: DestinationStream | null = null;
function stdoutInBlocks(): DestinationStream {
  // One buffered stdout (and one flush timer) for every logger of the process.
  if (sharedStdout) return sharedStdout;
  const out = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => out.flush(), FLUSH_EVERY_MS).unref();
  sharedStdout = out;
  return out;
}
