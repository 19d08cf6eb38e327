import { findDuplicateJsonKey } from "./findDuplicateJsonKey";
import { HttpError } from "./HttpError";

/** True for a number JSON cannot carry exactly: not finite, or an integer past 2^53. */
const inexact = (v: number) => !Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v));

/** An object or array being walked (keys null for an array), and how far its walk got. */
type Open = { container: Record<string, unknown> | unknown[]; keys: string[] | null; next: number; parent: Open | null };

/** The name of what `o` is reading now: its current key or index. */
const current = (o: Open) => o.keys?.[o.next - 1] ?? String(o.next - 1);

/**
 * The path to the first number in `v` that JSON cannot carry exactly, or null. It runs on every
 * request body: iterative (a body nested 20,000 deep is a 4xx, not a stack overflow), and it
 * spells the path only for what it finds.
 */
function findHugeNumber(v: object): string | null {
  // JSON.parse makes plain objects whose keys are all own (a "__proto__" key included).
  const open = (x: object, parent: Open | null): Open =>
    Array.isArray(x) ? { container: x, keys: null, next: 0, parent } : { container: x as Record<string, unknown>, keys: Object.keys(x), next: 0, parent };
  let top: Open | null = open(v, null);
  while (top !== null) {
    const { container, keys } = top;
    if (top.next === (keys ?? (container as unknown[])).length) {
      top = top.parent;
      continue;
    }
    const i = top.next++;
    const x = keys === null ? (container as unknown[])[i] : (container as Record<string, unknown>)[keys[i] as string];
    if (typeof x === "number") {
      if (!inexact(x)) continue;
      const path: string[] = [];
      for (let o: Open | null = top; o !== null; o = o.parent) path.push(current(o));
      return path.reverse().join(".");
    }
    if (typeof x === "object" && x !== null) top = open(x, top);
  }
  return null;
}

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
  const duplicate = findDuplicateJsonKey(text);
  if (duplicate !== null) {
    const key = duplicate.length > 200 ? `${duplicate.slice(0, 200)}…` : duplicate;
    throw new HttpError(400, { error: "duplicate_key", key, fix: `Send each key once: ${key} appears more than once.` });
  }
  const huge = findHugeNumber(v);
  if (huge !== null) {
    const field = huge.length > 200 ? `${huge.slice(0, 200)}…` : huge;
    throw new HttpError(400, { error: "number_out_of_range", field, fix: `${field} is too large to read exactly; send a smaller number or a decimal string.` });
  }
  return v as Record<string, unknown>;
}
