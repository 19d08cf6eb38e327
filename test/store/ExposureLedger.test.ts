import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ExposureEntry } from "../../src/core/exposure";
import { ExposureLedger } from "../../src/store/ExposureLedger";

const none = { global: { grossMicros: 0n, netMicros: 0n }, byCluster: new Map(), byMarket: new Map() };
const entry = (i: number, over: Partial<ExposureEntry> = {}): ExposureEntry => ({
  intent_id: `int_${i}`,
  strategy_id: "s",
  cluster_id: "c",
  condition_id: "m",
  side: "BUY",
  notional_micros: 1_000_000n,
  at_ms: 1_000,
  ...over,
});
const view = (l: ExposureLedger, nowMs = 1_000) => l.view({ strategyId: "s", clusterId: "c", conditionId: "m", nowMs, positions: none });

describe("ExposureLedger", () => {
  test("BUY adds to gross and net, SELL adds to gross and subtracts from net, at every level", () => {
    const l = new ExposureLedger();
    l.add(entry(1));
    l.add(entry(2, { side: "SELL", notional_micros: 400_000n }));
    const v = view(l);
    for (const b of [v.global, v.cluster, v.market, v.strategy]) expect([b.grossMicros, b.netMicros]).toEqual([1_400_000n, 600_000n]);
    expect(v.cluster.instruments).toBe(1);
  });

  test("an order's claim ends only when released: never by age, however old (t0, t0 + 24 h, t0 + 1 year)", () => {
    const l = new ExposureLedger();
    l.add(entry(1));
    for (const now of [1_000, 1_000 + 86_400_000, 1_000 + 86_400_001, 1_000 + 365 * 86_400_000])
      expect(view(l, now).global.grossMicros).toBe(1_000_000n);
    expect(l.openOrders()).toEqual([entry(1)]);
    l.add(entry(2, { at_ms: 70_000 }));
    expect(l.release("int_2")).toBe(true);
    expect(l.release("int_2")).toBe(false);
    expect(view(l, 70_000).global.grossMicros).toBe(1_000_000n);
    expect(l.release("int_1")).toBe(true);
    expect(view(l, 70_000).global.grossMicros).toBe(0n);
  });

  test("held() counts the open orders and names the oldest one's clock time, in approval order", () => {
    const l = new ExposureLedger();
    expect(l.held()).toEqual({ count: 0, oldestClockMs: null });
    l.add(entry(1), 5_000);
    l.add(entry(2), 6_000);
    l.add(entry(3), 7_000);
    expect(l.held()).toEqual({ count: 3, oldestClockMs: 5_000 });
    l.release("int_1");
    expect(l.held()).toEqual({ count: 2, oldestClockMs: 6_000 });
    l.retract("int_3");
    l.release("int_2");
    expect(l.held()).toEqual({ count: 0, oldestClockMs: null });
  });

  test("a retracted order (its commit never landed) leaves the buckets and the rate window; a released one stays in the window", () => {
    const l = new ExposureLedger();
    l.add(entry(1));
    l.add(entry(2));
    expect(l.retract("int_1")).toBe(true);
    expect(l.retract("int_1")).toBe(false);
    expect(l.release("int_2")).toBe(true);
    const v = view(l);
    expect(v.global.grossMicros).toBe(0n);
    expect([v.strategy.envelopesLastMinute, v.strategy.notionalLastMinuteMicros]).toEqual([1, 1_000_000n]);
  });

  test("with a clock of its own, the rate windows run on that clock, not on the orders' at_ms", () => {
    const l = new ExposureLedger();
    // Decided at 1 000 on an instance whose clock is 5 s behind the shared one.
    l.add(entry(1), 6_000);
    expect(view(l, 65_000).strategy.envelopesLastMinute).toBe(1);
    expect(view(l, 66_000).strategy.envelopesLastMinute).toBe(0);
    expect(view(l, 66_000).global.grossMicros).toBe(1_000_000n);
    expect(l.openOrders()).toEqual([entry(1)]);
    expect(l.held()).toEqual({ count: 1, oldestClockMs: 6_000 });
  });

  test("the rate window counts the last 60 s only", () => {
    const l = new ExposureLedger();
    l.add(entry(1, { at_ms: 0 }));
    l.add(entry(2, { at_ms: 30_000 }));
    expect(view(l, 59_999).strategy).toMatchObject({ envelopesLastMinute: 2, notionalLastMinuteMicros: 2_000_000n });
    expect(view(l, 60_000).strategy).toMatchObject({ envelopesLastMinute: 1 });
  });

  test("aggregates always equal a recount of the open entries (random adds, releases, retractions, time passing)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("add", "release", "retract", "tick"), fc.nat({ max: 30 }), fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 9n })), { maxLength: 200 }),
        (ops) => {
          const l = new ExposureLedger();
          const open = new Map<string, ExposureEntry>();
          let now = 0;
          for (const [op, i, sell, n] of ops) {
            if (op === "tick") now += 3_600_000;
            else if (op === "add" && !open.has(`int_${i}`) && !l.has(`int_${i}`)) {
              const e = entry(i, { side: sell ? "SELL" : "BUY", notional_micros: n, at_ms: now });
              l.add(e);
              open.set(e.intent_id, e);
            } else if (op === "release" || op === "retract") {
              if (op === "release") l.release(`int_${i}`);
              else l.retract(`int_${i}`);
              open.delete(`int_${i}`);
            }
          }
          const v = view(l, now);
          const live = [...open.values()];
          const gross = live.reduce((s, e) => s + e.notional_micros, 0n);
          const net = live.reduce((s, e) => s + (e.side === "BUY" ? e.notional_micros : -e.notional_micros), 0n);
          const held = l.held();
          return v.global.grossMicros === gross && v.global.netMicros === net && held.count === live.length && held.oldestClockMs === (live[0]?.at_ms ?? null);
        },
      ),
      { numRuns: 500 },
    );
  });
});
