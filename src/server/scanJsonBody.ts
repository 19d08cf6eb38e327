type Frame = { array: boolean; keys: Set<string> | null; key: string; index: number; expectKey: boolean };

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const MINUS = 45; // -
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** True for the characters that end a number, true, false or null: , } ] and JSON whitespace. */
const endsLiteral = (c: number) => c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 32 || c === 9 || c === 10 || c === 13;

/** True for a number JSON cannot carry exactly: not finite, or an integer past 2^53. */
const inexact = (v: number) => !Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v));

/** A number literal of at most 15 characters without an exponent is below 10^15 < 2^53: exact. */
const MAX_PLAIN_LITERAL = 15;

/** The path of the value being read in the innermost frame, as the duplicate-key error spells it: `a.b`, `a[2]`. */
function keyPathOf(stack: Frame[]): string {
  let path = "";
  for (const f of stack) path = f.array ? `${path}[${f.index}]` : path === "" ? f.key : `${path}.${f.key}`;
  return path;
}

/** The same path as the number error spells it: keys and array positions joined by dots (`a.0.b`). */
function dottedPathOf(stack: Frame[]): string {
  return stack.map((f) => (f.array ? String(f.index) : f.key)).join(".");
}

/** What {@link scanJsonBody} found in a JSON text. */
export type ScanJsonBodyReturnType = {
  /** The path of the first key sent twice in one object (`request.typedData.message.makerAmount`, `a[0].b`), or null. */
  duplicate: string | null;
  /** The path of the first number JSON cannot carry exactly (`label.0.a.1`), or null. */
  hugeNumber: string | null;
};

/**
 * Reads a valid JSON text (`JSON.parse` succeeded) once for what makes a body have two readings:
 * a key that appears twice in one object (audit class S8: `JSON.parse` keeps the last, another
 * parser the first; keys compared after unescaping, so `"a"` and `"\u0061"` are one key), and a
 * number JSON cannot carry exactly (1e400, 2^53 + 1). It runs on every request body, so it is one
 * iterative pass over char codes (depth costs no stack), skips strings with `indexOf`, unescapes
 * only keys that hold a `\`, reads a number only when its literal could be inexact, and spells a
 * path only for what it reports.
 *
 * @param text - A valid JSON text.
 * @returns The first duplicate key's path and the first inexact number's path, each or null.
 * @example
 * scanJsonBody('{"a":1,"a":2,"b":1e400}') // { duplicate: "a", hugeNumber: "b" }
 */
export function scanJsonBody(text: string): ScanJsonBodyReturnType {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let hugeNumber: string | null = null;
  const n = text.length;
  // The next backslash at or after the scan position (n when none): strings before it hold no escape.
  let nextBackslash = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      top = { array: c === OPEN_ARRAY, keys: null, key: "", index: 0, expectKey: c === OPEN_OBJECT };
      stack.push(top);
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
      i++;
    } else if (c === COMMA) {
      if (top !== undefined) {
        if (top.array) top.index++;
        else top.expectKey = true;
      }
      i++;
    } else if (c === COLON) {
      if (top !== undefined) top.expectKey = false;
      i++;
    } else if (c === QUOTE) {
      if (nextBackslash < i + 1) {
        nextBackslash = text.indexOf("\\", i + 1);
        if (nextBackslash === -1) nextBackslash = n;
      }
      let j = text.indexOf('"', i + 1);
      const escaped = nextBackslash < j;
      if (escaped) {
        // An escape inside: walk it, so an escaped quote does not end the string.
        j = i + 1;
        for (let d = text.charCodeAt(j); j < n && d !== QUOTE; d = text.charCodeAt(j)) j += d === BACKSLASH ? 2 : 1;
      }
      if (top !== undefined && !top.array && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        top.key = key;
        top.keys ??= new Set();
        if (top.keys.has(key)) return { duplicate: keyPathOf(stack), hugeNumber };
        top.keys.add(key);
      }
      i = j + 1;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else {
      // A number, true, false or null: up to the next delimiter.
      const start = i;
      while (i < n && !endsLiteral(text.charCodeAt(i))) i++;
      const isNumber = c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9);
      if (hugeNumber === null && isNumber && (i - start > MAX_PLAIN_LITERAL || /[eE]/.test(text.slice(start, i))) && inexact(Number(text.slice(start, i)))) {
        hugeNumber = stack.length === 0 ? "" : dottedPathOf(stack);
      }
    }
  }
  return { duplicate: null, hugeNumber };
}
