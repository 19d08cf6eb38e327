import { describe, expect, test } from "vitest";
import { deriveExposure } from "../../src/store/deriveExposure";
import type { AuditRecord } from "../../src/store/Store";

type Row = Pick<AuditRecord, "kind" | "payload_json" | "at_ms">;
const NOW = 1_790_000_000_000;
const TTL = 86_400_000;

/** An approval's record as Warden writes it: the claim omits intent, strategy and time (the record says them). */
const approval = (intentId: string, atMs: number, side: "BUY" | "SELL" = "BUY"): Row => ({
  kind: "decision",
  at_ms: atMs,
  payload_json: JSON.stringify({
    intent_id: intentId,
    strategy_id: "s",
    decision: "APPROVE",
    exposure: { cluster_id: "c", condition_id: "m", side, notional_micros: "1000000" },
  }),
});
const release = (intentId: string, atMs: number): Row => ({ kind: "exposure_released", at_ms: atMs, payload_json: JSON.stringify({ intent_id: intentId }) });
/** Oldest-first rows as the newest-first iterable deriveExposure reads. */
const derive = (oldestFirst: Row[]) => deriveExposure({ newestFirst: [...oldestFirst].reverse(), ttlMs: TTL, nowMs: NOW });

describe("deriveExposure", () => {
  test("an approval's claim holds until an exposure_released record ends it", () => {
    const ledger = derive([approval("a", NOW - 3), approval("b", NOW - 2), release("a", NOW - 1)]);
    expect(ledger.has("a")).toBe(false);
    expect(ledger.openOrders(NOW)).toEqual([
      { intent_id: "b", strategy_id: "s", cluster_id: "c", condition_id: "m", side: "BUY", notional_micros: 1_000_000n, at_ms: NOW - 2 },
    ]);
  });

  test("the claim's own intent, strategy and time win over the record's (older records repeat them)", () => {
    const row: Row = {
      kind: "decision",
      at_ms: NOW - 5,
      payload_json: JSON.stringify({
        intent_id: "a",
        strategy_id: "s",
        exposure: { intent_id: "a", strategy_id: "old-s", cluster_id: "c", condition_id: "m", side: "SELL", notional_micros: "7", at_ms: NOW - 9 },
      }),
    };
    expect(derive([row]).openOrders(NOW)).toEqual([{ intent_id: "a", strategy_id: "old-s", cluster_id: "c", condition_id: "m", side: "SELL", notional_micros: 7n, at_ms: NOW - 9 }]);
  });

  test("records without a claim hold nothing: denials, other kinds, a release of an order never claimed", () => {
    const denial: Row = { kind: "decision", at_ms: NOW - 3, payload_json: JSON.stringify({ intent_id: "d", decision: "DENY" }) };
    const other: Row = { kind: "override", at_ms: NOW - 2, payload_json: JSON.stringify({ intent_id: "o", exposure: { cluster_id: "c" } }) };
    const ledger = derive([denial, other, release("never", NOW - 1)]);
    expect(ledger.openOrders(NOW)).toEqual([]);
    expect(ledger.version).toBe(0);
  });

  test("claims older than the TTL are skipped (t−1 kept, t+1 gone)", () => {
    const ledger = derive([approval("old", NOW - TTL - 1), approval("edge", NOW - TTL), approval("new", NOW - 1)]);
    expect(["old", "edge", "new"].map((id) => ledger.has(id))).toEqual([false, true, true]);
  });

  test("the walk back stops an hour of clock margin past the TTL: older records are never read", () => {
    const rows = [approval("far", NOW - TTL - 3_600_001), approval("margin", NOW - TTL - 3_599_999), approval("new", NOW - 1)];
    let read = 0;
    function* newestFirst() {
      for (const r of [...rows].reverse()) {
        read++;
        yield r;
      }
      throw new Error("read past the first record beyond the margin");
    }
    const ledger = deriveExposure({ newestFirst: newestFirst(), ttlMs: TTL, nowMs: NOW });
    expect(read).toBe(3);
    expect(ledger.has("margin")).toBe(false);
    expect(ledger.has("new")).toBe(true);
  });

  test("a release applies only to the claim before it, in log order", () => {
    const ledger = derive([release("a", NOW - 3), approval("a", NOW - 2)]);
    expect(ledger.has("a")).toBe(true);
  });
});
