import { describe, expect, test } from "vitest";
import { listOpenOrders } from "../../src/warden/listOpenOrders";
import { orderHashOfIntent } from "../../src/market/orderHashOfIntent";
import { ExposureLedger } from "../../src/store/ExposureLedger";

const entry = (n: number, at_ms: number) => ({
  intent_id: `int_${n.toString(16).padStart(64, "0")}`,
  strategy_id: "nba-mm",
  cluster_id: "unassigned",
  condition_id: `0x${"11".repeat(32)}`,
  side: n % 2 ? ("SELL" as const) : ("BUY" as const),
  notional_micros: 40_500_000n + BigInt(n),
  at_ms,
});

describe("listOpenOrders", () => {
  test("lists every unreleased order, however old, with its CLOB order id and exact notional, oldest first", () => {
    const ledger = new ExposureLedger();
    for (let n = 1; n <= 4; n++) ledger.add(entry(n, 10_000 + n * 100));
    ledger.release(entry(2, 0).intent_id);
    ledger.release(entry(1, 0).intent_id);
    const open = listOpenOrders({ ledger });
    expect(open).toEqual([
      { intent_id: entry(3, 0).intent_id, order_hash: `0x${(3).toString(16).padStart(64, "0")}`, strategy_id: "nba-mm", condition_id: `0x${"11".repeat(32)}`, side: "SELL", notional_usd: "40.500003", at_ms: 10_300 },
      { intent_id: entry(4, 0).intent_id, order_hash: `0x${(4).toString(16).padStart(64, "0")}`, strategy_id: "nba-mm", condition_id: `0x${"11".repeat(32)}`, side: "BUY", notional_usd: "40.500004", at_ms: 10_400 },
    ]);
    // A read: nothing is taken from the ledger.
    expect(ledger.held().count).toBe(2);
  });

  test("an intent id that is not an order digest has no order id", () => {
    expect(orderHashOfIntent(`int_${"AB".repeat(32)}`)).toBeNull();
    expect(orderHashOfIntent(`int_${"ab".repeat(31)}`)).toBeNull();
    expect(orderHashOfIntent(`x_int_${"ab".repeat(32)}`)).toBeNull();
    expect(orderHashOfIntent(`int_${"ab".repeat(32)}`)).toBe(`0x${"ab".repeat(32)}`);
  });
});
