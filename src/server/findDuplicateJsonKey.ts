type Frame = { array: boolean; keys: Set<string> | null; key: string; index: number; expectKey: boolean };

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]

/** True for the characters that end a number, true, false or null: , } ] and JSON whitespace. */
const endsLiteral = (c: number) => c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 32 || c === 9 || c === 10 || c === 13;

/** The path of the value being read in the innermost frame: `a.b`, `a[2]`, or the root. */
function pathOf(stack: Frame[]): string {
  let path = "";
  for (const f of stack) path = f.array ? `${path}[${f.index}]` : path === "" ? f.key : `${path}.${f.key}`;
  return path;
}

/**
 * Finds the first key that appears twice in one object of a JSON text (audit class S8: the same
 * document must not have two readings — `JSON.parse` keeps the last, another parser the first).
 * Keys are compared after unescaping, so `"a"` and `"\u0061"` are the same key. The text must
 * already be valid JSON (`JSON.parse` succeeded); the scan is iterative, so depth costs no stack.
 * It runs on every request body, so it reads char codes, unescapes only keys that hold a `\`, and
 * builds the path only for the duplicate it reports.
 *
 * @param text - A valid JSON text.
 * @returns The duplicate's path (`request.typedData.message.makerAmount`, `a[0].b`), or null.
 * @example
 * findDuplicateJsonKey('{"a":1,"a":2}') // "a"
 */
export function findDuplicateJsonKey(text: string): string | null {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  const n = text.length;
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
      let j = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(j); j < n && d !== QUOTE; d = text.charCodeAt(j)) {
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
        } else j++;
      }
      if (top !== undefined && !top.array && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        top.key = key;
        top.keys ??= new Set();
        if (top.keys.has(key)) return pathOf(stack);
        top.keys.add(key);
      }
      i = j + 1;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < n && !endsLiteral(text.charCodeAt(i))) i++;
    }
  }
  return null;
}
