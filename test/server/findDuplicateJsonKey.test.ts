import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findDuplicateJsonKey } from "../../src/server/findDuplicateJsonKey";

describe("item 7b: JSON bodies with duplicate keys are found, by path (audit class S8)", () => {
  test.each([
    ['{"a":1,"a":2}', "a"],
    ['{"a":1,"\\u0061":2}', "a"],
    ['{"request":{"typedData":{"message":{"makerAmount":"1","takerAmount":"2","makerAmount":"9"}}}}', "request.typedData.message.makerAmount"],
    ['{"x":[{"k":1},{"k":1,"k":2}]}', "x[1].k"],
    ['  { "a" : { } , "b" : [ 1 , "}" , { "c" : 1 , "c" : 2 } ] }  ', "b[2].c"],
    ['{"s":"\\"a\\":1,\\"a\\":2","t":1,"t":3}', "t"],
  ])("%s → %s", (text, path) => {
    expect(findDuplicateJsonKey(text)).toBe(path);
  });
  test.each([
    '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
    '{"a":"\\"a\\""}',
    "[]",
    '{"deep":' + "[".repeat(5000) + "]".repeat(5000) + "}",
  ])("no duplicate in %s", (text) => {
    expect(findDuplicateJsonKey(text)).toBeNull();
  });
  test("property: what JSON.stringify writes never has a duplicate; one key written twice is always found", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.jsonValue(), (value, key, other) => {
        if (findDuplicateJsonKey(JSON.stringify(value)) !== null) return false;
        const text = `{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(key)}:${JSON.stringify(other)}}`;
        return findDuplicateJsonKey(text) === key;
      }),
      { numRuns: 2000 },
    );
  });
  test("property: a key written twice at any depth is found with its path, whatever the spacing and escapes", () => {
    // A path of keys and array positions down to an object that has `key` twice, once escaped as \uXXXX.
    const step = fc.oneof(fc.string().map((k) => ({ key: k })), fc.nat(3).map((index) => ({ index })));
    const space = fc.constantFrom("", " ", "\n\t", "\r\n  ");
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), fc.string({ minLength: 1 }), fc.jsonValue(), space, (steps, key, filler, ws) => {
        const escaped = `"${Array.from({ length: key.length }, (_, i) => `\\u${key.charCodeAt(i).toString(16).padStart(4, "0")}`).join("")}"`;
        let text = `{${ws}${JSON.stringify(key)}${ws}:${JSON.stringify(filler)},${ws}${escaped}:1}`;
        for (const s of [...steps].reverse()) {
          text = "key" in s ? `{${ws}${JSON.stringify(s.key)}${ws}:${ws}${text}}` : `[${`${JSON.stringify(filler)},`.repeat(s.index)}${ws}${text}]`;
        }
        JSON.parse(text);
        return findDuplicateJsonKey(text) === expectedPath(steps, key);
      }),
      { numRuns: 1000 },
    );
  });
});

/** The path the finder reports, written out from the spec: `a.b`, `a[2]`, `[0].a`; an empty key adds nothing before the next. */
function expectedPath(steps: ({ key: string } | { index: number })[], key: string): string {
  let path = "";
  for (const s of [...steps, { key }]) path = "index" in s ? `${path}[${s.index}]` : path === "" ? s.key : `${path}.${s.key}`;
  return path;
}
