import { HttpError } from "./HttpError";
import { scanJsonBody } from "./scanJsonBody";

/**
 * Reads a request body as one JSON object, refusing what has two readings: malformed JSON, a
 * non-object, a key sent twice (S8: `JSON.parse` would keep the last), and numbers JSON cannot
 * carry exactly (1e400, 2^53 + 1: send large amounts as decimal strings).
 *
 * @throws HttpError 400 `malformed_json`, `duplicate_key` (with `key`) or `number_out_of_range` (with `field`).
 * @example
 * parseJsonBody('{"strategy_id":"nba-mm"}') // { strategy_id: "nba-mm" }
 */
export function parseJsonBody(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: "malformed_json", fix: "Send one JSON object." });
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new HttpError(400, { error: "malformed_json", fix: "Send one JSON object." });
  const { duplicate, hugeNumber: huge } = scanJsonBody(text);
  if (duplicate !== null) {
    const key = duplicate.length > 200 ? `${duplicate.slice(0, 200)}…` : duplicate;
    throw new HttpError(400, { error: "duplicate_key", key, fix: `Send each key once: ${key} appears more than once.` });
  }
  if (huge !== null) {
    const field = huge.length > 200 ? `${huge.slice(0, 200)}…` : huge;
    throw new HttpError(400, { error: "number_out_of_range", field, fix: `${field} is too large to read exactly; send a smaller number or a decimal string.` });
  }
  return v as Record<string, unknown>;
}
