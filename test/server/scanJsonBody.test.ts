import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { scanJsonBody } from "../../src/server/scanJsonBody";

const findDuplicateJsonKey = (text: string) => scanJsonBody(text).duplicate;

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

describe("numbers JSON cannot carry exactly are found, by dotted path", () => {
  test.each([
    ['{"label":1e400}', "label"],
    ['{"label":9007199254740993}', "label"],
    ['{"label":-9007199254740993}', "label"],
    ['{"a":"9007199254740993","b":12345678901234567.5}', "b"],
    ['{"label":[{"a":[1,1e400]}]}', "label.0.a.1"],
    ['{"s":"\\"x\\":1e400","n":[ 0 , -1e309 ]}', "n.1"],
  ])("%s → %s", (text, path) => {
    expect(scanJsonBody(text)).toEqual({ duplicate: null, hugeNumber: path });
  });
  test.each(['{"a":9007199254740991,"b":-9007199254740991,"c":1e15,"d":1.5e-300,"e":123456789012345678.5e-3,"f":0.1,"g":[true,false,null]}'])(
    "exact numbers pass: %s",
    (text) => {
      expect(scanJsonBody(text)).toEqual({ duplicate: null, hugeNumber: null });
    },
  );
  test("property: the scan agrees with reading the parsed value, for any number at any depth", () => {
    // The reference reading: walk the parsed value (what parseJsonBody did before the scan).
    const inexactIn = (v: unknown, path: string[]): string | null => {
      if (typeof v === "number") return !Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)) ? path.join(".") : null;
      if (typeof v !== "object" || v === null) return null;
      for (const [k, x] of Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)) {
        const found = inexactIn(x, [...path, k]);
        if (found !== null) return found;
      }
      return null;
    };
    const literal = fc.oneof(fc.double({ noNaN: true }).map(String), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), fc.constantFrom("1e400", "-1e400", "9007199254740993", "1.0e16"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), literal), { minLength: 1, maxLength: 5 }), (pairs) => {
        const entries = new Map(pairs.map(([k, n]) => [k, n.replace("Infinity", "1e400")]));
        const text = `{"x":[${[...entries].map(([k, n]) => `{"${k}":${n}}`).join(",")}]}`;
        return scanJsonBody(text).hugeNumber === inexactIn(JSON.parse(text), []);
      }),
      { numRuns: 2000 },
    );
  });
});
