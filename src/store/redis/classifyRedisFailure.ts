import { RedisCommandTimeout } from "./RedisCommandTimeout";

/**
 * What a failed Redis call says about its effects. `not_run`: Redis refused it before it ran (out
 * of memory, no connection, a cluster not ready): nothing changed. `unknown`: it was sent and may
 * have run (timeout, connection lost with the command on the wire, an error inside a script).
 */
export type RedisFailure = { certainty: "not_run" | "unknown"; cause: unknown };

// Replies Redis gives without running the command: it changed nothing.
const REFUSED = /^(OOM|NOSCRIPT|CLUSTERDOWN|MOVED|ASK|TRYAGAIN|LOADING|READONLY|MISCONF|BUSY|NOREPLICAS|MASTERDOWN|NOPERM|NOAUTH|WRONGPASS)\b/;
// ioredis's own refusals, before anything was written to the socket.
const NOT_SENT = /enableOfflineQueue|isn't writeable|not connected/i;

/**
 * Classifies a failed call by what it may have changed.
 *
 * @param cause - What the call rejected with.
 * @returns Its certainty, and the cause.
 * @example
 * classifyRedisFailure(new RedisCommandTimeout("…")).certainty // "unknown"
 */
export function classifyRedisFailure(cause: unknown): RedisFailure {
  if (cause instanceof RedisCommandTimeout) return { certainty: "unknown", cause };
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof Error && cause.name === "ReplyError") return { certainty: REFUSED.test(message) ? "not_run" : "unknown", cause };
  return { certainty: NOT_SENT.test(message) ? "not_run" : "unknown", cause };
}
