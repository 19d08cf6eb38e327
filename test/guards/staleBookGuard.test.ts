import { describe, expect, test } from "vitest";
import { staleBookGuard } from "../../src/guards/staleBookGuard";
import { orderIntent, T0 } from "../helpers/guardFixtures";
import { book, riskConfig, riskCtx, unavailableRead } from "../helpers/riskFixtures";

const guard = staleBookGuard(riskConfig().stale_book);
const withBookAge = (ageMs: number) => riskCtx({ book: { status: "ok", snapshot: book({ ageMs }), ageMs: 0 } });

describe("staleBookGuard: RISK_BOOK_STALE_15S (seed 003: 15 s window; exactly 15 s passes)", () => {
  test.each([
    [0, null],
    [14_999, null],
    [15_000, null],
    [15_001, "RISK_BOOK_STALE_15S"],
    [60_000, "RISK_BOOK_STALE_15S"],
  ] as const)("a book %i ms old → %s", (ageMs, code) => {
    expect(guard.evaluate(orderIntent(1n), withBookAge(ageMs)).deny?.reason_code ?? null).toBe(code);
  });
  test.each([
    [4_999, null],
    [5_000, null],
    [5_001, "RISK_BOOK_STALE_15S"],
  ] as const)("a book stamped %i ms in the future → %s (clock skew 5 s)", (aheadMs, code) => {
    const b = book({ over: { bookTimestampMs: T0 + aheadMs, asOfMs: T0 } });
    expect(guard.evaluate(orderIntent(1n), riskCtx({ book: { status: "ok", snapshot: b, ageMs: 0 } })).deny?.reason_code ?? null).toBe(code);
  });
  test("the window is configurable", () => {
    const g = staleBookGuard(riskConfig({ stale_book: { max_book_age_ms: 2_000 } }).stale_book);
    expect(g.evaluate(orderIntent(1n), withBookAge(2_001)).deny).toEqual({ reason_code: "RISK_BOOK_STALE_15S", evidence: { age_ms: 2_001, max_age_ms: 2_000 } });
  });
  test("the age is measured against the pipeline clock, not the read's age", () => {
    const c = riskCtx({ book: { status: "ok", snapshot: book(), ageMs: 0 } }, { now_ms: T0 + 20_000 });
    expect(guard.evaluate(orderIntent(1n), c).deny?.reason_code).toBe("RISK_BOOK_STALE_15S");
  });
  test("a book the store discarded as stale maps to RISK_BOOK_STALE_15S with its age", () => {
    expect(guard.evaluate(orderIntent(1n), riskCtx({ book: unavailableRead("stale", 61_000) })).deny).toMatchObject({
      reason_code: "RISK_BOOK_STALE_15S",
      evidence: { age_ms: 61_000 },
    });
  });
});

describe("staleBookGuard: fails closed", () => {
  test("a missing book → STALE_BOOK_GUARD_DATA_UNAVAILABLE", () => {
    expect(guard.evaluate(orderIntent(1n), riskCtx({ book: unavailableRead("missing") })).deny?.reason_code).toBe("STALE_BOOK_GUARD_DATA_UNAVAILABLE");
  });
  test("a book of another token → STALE_BOOK_GUARD_DATA_UNAVAILABLE", () => {
    const b = book({ over: { tokenId: "2" } });
    expect(guard.evaluate(orderIntent(1n), riskCtx({ book: { status: "ok", snapshot: b, ageMs: 0 } })).deny).toMatchObject({
      reason_code: "STALE_BOOK_GUARD_DATA_UNAVAILABLE",
      evidence: { reason: "token_mismatch" },
    });
  });
});
