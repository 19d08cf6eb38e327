type Frame = { kind: "object"; path: string; keys: Set<string>; key: string | null; expectKey: boolean } | { kind: "array"; path: string; index: number };

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** Where the next value of `top` sits: `a.b`, `a[2]`, or the root. */
function childPath(top: Frame | undefined): string {
  if (!top) return "";
  if (top.kind === "array") return `${top.path}[${top.index}]`;
  return top.path === "" ? (top.key ?? "") : `${top.path}.${top.key ?? ""}`;
}

/**
 * Finds the first key that appears twice in one object of a JSON text (audit class S8: the same
 * document must not have two readings — `JSON.parse` keeps the last, another parser the first).
 * Keys are compared after unescaping, so `"a"` and `"\u0061"` are the same key. The text must
 * already be valid JSON (`JSON.parse` succeeded); the scan is iterative, so depth costs no stack.
 *
 * @param text - A valid JSON text.
 * @returns The duplicate's path (`request.typedData.message.makerAmount`, `a[0].b`), or null.
 * @example
 * findDuplicateJsonKey('{"a":1,"a":2}') // "a"
 */
export function findDuplicateJsonKey(text: string): string | null {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    const top = stack.at(-1);
    if (c === "{" || c === "[") {
      const path = childPath(top);
      stack.push(c === "{" ? { kind: "object", path, keys: new Set(), key: null, expectKey: true } : { kind: "array", path, index: 0 });
      i++;
    } else if (c === "}" || c === "]") {
      stack.pop();
      i++;
    } else if (c === ",") {
      if (top?.kind === "object") top.expectKey = true;
      else if (top?.kind === "array") top.index++;
      i++;
    } else if (c === ":") {
      if (top?.kind === "object") top.expectKey = false;
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (top?.kind === "object" && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.key = key;
        if (top.keys.has(key)) return childPath(top);
        top.keys.add(key);
      }
      i = j + 1;
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < text.length && !",}] \t\n\r".includes(text[i] as string)) i++;
    }
  }
  return null;
}
