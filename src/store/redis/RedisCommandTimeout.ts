/**
 * A Redis command that got no reply within its bound: whether it ran is unknown. Internal to the
 * Redis store (callers see a StoreUnavailableError).
 *
 * @example
 * new RedisCommandTimeout("Redis did not answer commit within 25 ms")
 */
export class RedisCommandTimeout extends Error {
  override name = "RedisCommandTimeout";
}
