/**
 * JSON with bigints as decimal strings (audit payloads and stored records carry pUSD base units).
 *
 * @example
 * toJson({ a: 1n }) // '{"a":"1"}'
 */
export function toJson(value: unknown): string {
  try {
    // Fast path: most payloads carry no bigint, and a replacer makes stringify several times slower.
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  }
}
