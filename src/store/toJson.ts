/**
 * JSON with bigints as decimal strings (audit payloads and stored records carry pUSD base units).
 *
 * @example
 * toJson({ a: 1n }) // '{"a":"1"}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
