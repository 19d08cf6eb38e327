import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createMetrics } from "../../src/log/createMetrics";
import { voteStamp } from "../../src/core/RiskVote";

const help = { votes_total: { type: "counter" as const, help: "Votes." } };

describe("createMetrics", () => {
  test("a bound counter and inc() count into the same series, rendered once", () => {
    const m = createMetrics(help);
    const bound = m.counter("votes_total", { bot_id: "a", decision: "APPROVE" });
    bound();
    m.inc("votes_total", { bot_id: "a", decision: "APPROVE" });
    bound(3);
    m.inc("votes_total", { bot_id: "b", decision: "DENY" });
    const text = m.render();
    expect(text).toContain('votes_total{bot_id="a",decision="APPROVE"} 5\n');
    expect(text).toContain('votes_total{bot_id="b",decision="DENY"} 1\n');
    expect(text.match(/bot_id="a"/g)).toHaveLength(1);
  });

  test("property: a histogram takes ms and exposes seconds (bounds and sum), cumulative buckets; a ms-declared one keeps ms", () => {
    const h = { lat_seconds: { type: "histogram" as const, help: "s" }, seed_ms: { type: "histogram" as const, unit: "milliseconds" as const, help: "ms" } };
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 30 }), (valuesMs) => {
        const m = createMetrics(h);
        for (const v of valuesMs) {
          m.observe("lat_seconds", v);
          m.observe("seed_ms", v);
        }
        const text = m.render();
        const buckets = (name: string) => [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, "gm"))].map((x) => [x[1] as string, Number(x[2])] as const);
        const seconds = buckets("lat_seconds");
        const ms = buckets("seed_ms");
        expect(seconds.map(([le]) => le)).toEqual(ms.map(([le]) => (le === "+Inf" ? le : String(Number((Number(le) / 1000).toPrecision(6))))));
        expect(seconds.map(([, n]) => n)).toEqual(ms.map(([, n]) => n));
        for (const [le, n] of ms) expect(n).toBe(le === "+Inf" ? valuesMs.length : valuesMs.filter((v) => v <= Number(le)).length);
        const sum = (name: string) => Number(text.match(new RegExp(`^${name}_sum (\\S+)$`, "m"))?.[1]);
        expect(sum("lat_seconds")).toBeCloseTo(sum("seed_ms") / 1000, 9);
        expect(text).toContain(`lat_seconds_count ${valuesMs.length}\n`);
      }),
      { numRuns: 100 },
    );
    expect(createMetrics(h).render()).toContain('lat_seconds_bucket{le="0.000025"} 0\n');
  });

  test("computed metrics render with their own type: gauge unless a counter is said", () => {
    const text = createMetrics({}).render([
      { name: "up", help: "u", samples: [{ labels: {}, value: 1 }] },
      { name: "failures_total", help: "f", type: "counter", samples: [{ labels: {}, value: 2 }] },
    ]);
    expect(text).toBe("# HELP up u\n# TYPE up gauge\nup 1\n# HELP failures_total f\n# TYPE failures_total counter\nfailures_total 2\n");
  });

  test("an undeclared counter is refused when bound, as when incremented", () => {
    const m = createMetrics(help);
    expect(() => m.counter("nope_total")).toThrow(/Declare it as a counter/);
  });
});

describe("voteStamp", () => {
  test("property: the remembered last stamp always equals a fresh computation", () => {
    fc.assert(
      fc.property(fc.array(fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }), { minLength: 1, maxLength: 20 }), (dates) =>
        // Repeats and alternations, as consecutive pipeline runs produce them.
        [...dates, ...dates.reverse(), dates[0] as Date].every((d) => voteStamp(d.toISOString()) === d.toISOString().replace(/[-:]/g, "")),
      ),
      { numRuns: 300 },
    );
  });
});
