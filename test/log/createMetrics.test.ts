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
