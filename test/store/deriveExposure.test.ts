import { describe, expect, test } from "vitest";
import { deriveExposure } from "../../src/store/deriveExposure";
import type { AuditRecord } from "../../src/store/Store";

type Row = Pick<AuditRecord, "kind" | "payload_json" | "at_ms">;
const NOW = 1_790_000_000_000;
const DAY = 86_400_000;

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
const derive = (oldestFirst: Row[]) => deriveExposure({ oldestFirst });

describe("deriveExposure", () => {
  test("an approval's claim holds until an exposure_released record ends it", () => {
    const ledger = derive([approval("a", NOW - 3), approval("b", NOW - 2), release("a", NOW - 1)]);
    expect(ledger.has("a")).toBe(false);
    expect(ledger.openOrders()).toEqual([
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
    expect(derive([row]).openOrders()).toEqual([{ intent_id: "a", strategy_id: "old-s", cluster_id: "c", condition_id: "m", side: "SELL", notional_micros: 7n, at_ms: NOW - 9 }]);
  });

  test("records without a claim hold nothing: denials, other kinds, a release of an order never claimed", () => {
    const denial: Row = { kind: "decision", at_ms: NOW - 3, payload_json: JSON.stringify({ intent_id: "d", decision: "DENY" }) };
    const other: Row = { kind: "override", at_ms: NOW - 2, payload_json: JSON.stringify({ intent_id: "o", exposure: { cluster_id: "c" } }) };
    const ledger = derive([denial, other, release("never", NOW - 1)]);
    expect(ledger.openOrders()).toEqual([]);
    expect(ledger.version).toBe(0);
  });

  test("a claim is never skipped for its age: an approval a year old and never released still holds", () => {
    const ledger = derive([approval("year", NOW - 365 * DAY), approval("day", NOW - DAY - 1), approval("new", NOW - 1), release("new", NOW)]);
    expect(["year", "day", "new"].map((id) => ledger.has(id))).toEqual([true, true, false]);
    expect(ledger.held()).toEqual({ count: 2, oldestClockMs: NOW - 365 * DAY });
  });

  test("a release applies only to the claim before it, in log order", () => {
    const ledger = derive([release("a", NOW - 3), approval("a", NOW - 2)]);
    expect(ledger.has("a")).toBe(true);
  });
});
