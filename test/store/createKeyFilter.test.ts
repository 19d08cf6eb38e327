import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createKeyFilter } from "../../src/store/createKeyFilter";

const key = (s: string) => createHash("sha256").update(s).digest().readBigInt64BE(0);

describe("createKeyFilter", () => {
  test("property: every added key is reported as maybe present (no false negatives), across slice growth", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 300 }), (keys) => {
        const f = createKeyFilter({ initialLog2Bits: 10 }); // 102 keys a slice: 300 keys add slices
        for (const k of keys) f.add(k);
        return keys.every((k) => f.mightContain(k)) && f.size === keys.length;
      }),
      { numRuns: 300 },
    );
  });

  test("absent keys are rarely reported (the database is asked for about 1 % of new intents)", () => {
    const f = createKeyFilter({ initialLog2Bits: 16 });
    for (let i = 0; i < 6553; i++) f.add(key(`in-${i}`)); // the first slice's capacity
    let falsePositives = 0;
    for (let i = 0; i < 20_000; i++) if (f.mightContain(key(`out-${i}`))) falsePositives++;
    expect(falsePositives / 20_000).toBeLessThan(0.02);
    expect(f.bytes).toBe(2 ** 16 / 8);
  });

  test("it grows: past a slice's capacity a twice larger slice is added", () => {
    const f = createKeyFilter({ initialLog2Bits: 10 });
    for (let i = 0; i < 103; i++) f.add(key(`k-${i}`));
    expect(f.bytes).toBe(2 ** 10 / 8 + 2 ** 11 / 8);
  });
});
