/**
 * A Redis error reduced to its name and message, fit to be a StoreUnavailableError's cause: an
 * ioredis error carries the command it failed with (scripts, audit payloads), which must not
 * travel into logs and API errors.
 *
 * @param cause - What a Redis call rejected with.
 * @returns A plain Error with the same name and message.
 * @example
 * plainCause(replyError).message // "OOM command not allowed when used memory > 'maxmemory'."
 */
export function plainCause(cause: unknown): Error {
  const e = new Error(cause instanceof Error ? cause.message : String(cause));
  e.name = cause instanceof Error ? cause.name : "Error";
  return e;
}
