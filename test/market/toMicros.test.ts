import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { toMicros } from "../../src/market/toMicros.js";

describe("toMicros", () => {
  test.each([
    ["12.5", 12_500_000n],
    ["0", 0n],
    ["0.000001", 1n],
    ["0.0000005", 1n],
    ["0.00000049", 0n],
    ["-1.25", -1_250_000n],
    ["-0.0000004", 0n],
    ["123456789.123456", 123_456_789_123_456n],
  ])("string %s → %s", (value, expected) => {
    expect(toMicros({ value })).toBe(expected);
  });

  test.each([
    [0.1 + 0.2, 300_000n],
    [579.6146, 579_614_600n],
    [1520.5, 1_520_500_000n],
    [-51.3929, -51_392_900n],
  ])("number %d → %s", (value, expected) => {
    expect(toMicros({ value })).toBe(expected);
  });

  test.each([["1e3"], [""], ["abc"], [".5"], ["1."], [Number.NaN], [Number.POSITIVE_INFINITY], [1e16]])("refuses %s", (value) => {
    expect(toMicros({ value })).toBeUndefined();
  });

  test("property: a 6-decimal string round-trips exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (micros) => {
        const sign = micros < 0n ? "-" : "";
        const abs = micros < 0n ? -micros : micros;
        const text = `${sign}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, "0")}`;
        expect(toMicros({ value: text })).toBe(micros);
      }),
    );
  });
});
