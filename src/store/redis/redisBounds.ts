/** The open's bulk reads (sessions, idempotency keys, the exposure window) get at least this bound. */
const OPEN_TIMEOUT_MS = 2_000;

/**
 * The bound on the store's bulk reads — the open's, and a page of the audit log — for a given
 * command bound: at least 2 s, or 40 bounds.
 *
 * @param commandTimeoutMs - `store.redis.command_timeout_ms`.
 * @returns The bound, in ms.
 * @example
 * bulkReadTimeoutOf(25) // 2000
 */
export const bulkReadTimeoutOf = (commandTimeoutMs: number): number => Math.max(OPEN_TIMEOUT_MS, commandTimeoutMs * 40);

/**
 * The client-side backstop (ioredis's `commandTimeout`) for a given command bound: above the
 * longest bound the store itself puts on any call, which it enforces on every call (a backstop
 * below it would cut a bulk read short — a large audit page — that the store allows).
 *
 * @param commandTimeoutMs - `store.redis.command_timeout_ms`.
 * @returns The backstop, in ms.
 * @example
 * clientBackstopOf(25) // 3000
 */
export const clientBackstopOf = (commandTimeoutMs: number): number => bulkReadTimeoutOf(commandTimeoutMs) + 1_000;

/**
 * Records per page when the store reads the audit log (catch-up, open, reads, verify). A script
 * holds Redis for its whole run, and every instance's commits wait behind it: a page of ~2 KB
 * records this size holds it for about a millisecond, far inside any instance's command bound.
 */
export const AUDIT_PAGE = 256;
