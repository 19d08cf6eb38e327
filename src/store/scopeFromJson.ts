import type { SessionScope } from "../core/SessionScope";

/**
 * A session scope read back from stored JSON: its one bigint (the per-call cap, stored as a decimal
 * string by `toJson`) restored. Every store reads sessions and pending grants through this.
 *
 * @param s - The parsed JSON object.
 * @returns The scope.
 * @example
 * scopeFromJson(JSON.parse(toJson(scope))).max_per_call_size_micros // 500000000n
 */
export function scopeFromJson(s: Record<string, unknown>): SessionScope {
  return { ...(s as unknown as SessionScope), max_per_call_size_micros: BigInt(s.max_per_call_size_micros as string) };
}
