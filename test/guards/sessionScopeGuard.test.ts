import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { SessionScope } from "../../src/core/SessionScope";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionScopeGuard } from "../../src/guards/sessionScopeGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { ctx, orderIntent, session, sidedOrder } from "../helpers/guardFixtures";

const guard = sessionScopeGuard({ allowClobAuth: false, clobAuthPerHour: 3 });
const ONE = 1_000_000n;

const order = sidedOrder;
const banded = (band: Partial<SessionScope>) => ctx({}, session({}, band));
const decide = (intent: ReturnType<typeof order>, c = banded({})) => runPipeline([guard], intent, c);

describe("item 1: the session's price band (max_buy_price, min_sell_price)", () => {
  const band = banded({ max_buy_price_micros: 500_000n, min_sell_price_micros: 400_000n });
  test.each([
    ["a BUY at exactly max_buy_price 0.5", "APPROVE", order("BUY", 50_000_000n, 100_000_000n)],
    ["a BUY one pUSD base unit past it", "DENY", order("BUY", 50_000_001n, 100_000_000n)],
    ["a BUY one share base unit short of it", "DENY", order("BUY", 50_000_000n, 99_999_999n)],
    ["a SELL at exactly min_sell_price 0.4", "APPROVE", order("SELL", 100_000_000n, 40_000_000n)],
    ["a SELL one pUSD base unit below it", "DENY", order("SELL", 100_000_000n, 39_999_999n)],
    ["a SELL giving one share base unit more for the same pUSD", "DENY", order("SELL", 100_000_001n, 40_000_000n)],
    ["a SELL of 1e9 shares for 0.000001 pUSD", "DENY", order("SELL", 10n ** 15n, 1n)],
    ["a passive SELL far above the floor", "APPROVE", order("SELL", 100_000_000n, 90_000_000n)],
    ["a passive BUY far below the cap", "APPROVE", order("BUY", 1_000_000n, 100_000_000n)],
  ] as const)("%s → %s", (_l, decision, intent) => {
    expect(decide(intent, band).decision).toBe(decision);
  });

  test("a denial names the bound it crossed, as WALLET_PERMISSION_DENIED", () => {
    expect(decide(order("SELL", 10n ** 15n, 1n), band).deciding).toMatchObject({
      bot_id: "sec.session_scope",
      reason_code: "WALLET_PERMISSION_DENIED",
      evidence: { side: "SELL", bound: "min_sell_price", limit_price_micros: "0", min_sell_price_micros: "400000" },
    });
    expect(decide(order("BUY", 60_000_000n, 100_000_000n), band).deciding?.evidence).toEqual({
      side: "BUY",
      bound: "max_buy_price",
      limit_price_micros: "600000",
      max_buy_price_micros: "500000",
    });
  });

  test("amounts of 0 are denied", () => {
    expect(decide(order("BUY", 0n, 1n)).deciding?.evidence).toEqual({ side: "BUY", zero_amount: true });
    expect(decide(order("SELL", 1n, 0n)).deciding?.evidence).toEqual({ side: "SELL", zero_amount: true });
  });

  test("the defaults (max_buy_price 1, min_sell_price 0) bound nothing a real order can ask", () => {
    expect(decide(order("SELL", 10n ** 15n, 1n)).decision).toBe("APPROVE");
    expect(decide(order("BUY", 100_000_000n, 100_000_000n)).decision).toBe("APPROVE");
    expect(decide(order("BUY", 100_000_001n, 100_000_000n)).decision).toBe("DENY"); // more than 1 pUSD a share
  });

  test("it is never shadowed: a shadowed WalletPermissionGuard in front of it does not open the band", () => {
    const r = runPipeline([walletPermissionGuard({ mode: "shadow_only" }), guard], order("SELL", 10n ** 15n, 1n), band);
    expect(guard.mode).toBe("hard_guard");
    expect(r.votes.map((v) => [v.bot_id, v.mode, v.decision])).toEqual([
      ["sec.wallet_permission_guard", "shadow_only", "DENY"],
      ["sec.session_scope", "hard_guard", "DENY"],
    ]);
    expect(r.decision).toBe("DENY");
  });

  test("a band that is not bigints (a store that did not read it back through sessionScopeFromJson) fails closed", () => {
    // Converting stored strings and reading a band-less scope as unbounded is the store's job:
    // test/core/sessionScopeFromJson.test.ts.
    const strings = banded({ max_buy_price_micros: "500000" as never, min_sell_price_micros: "400000" as never });
    expect(decide(order("BUY", 50_000_000n, 100_000_000n), strings).deciding?.reason_code).toBe("WALLET_PERMISSION_DENIED");
    const missing = banded({ max_buy_price_micros: undefined as never, min_sell_price_micros: undefined as never });
    expect(decide(order("SELL", 10n ** 15n, 1n), missing).decision).toBe("DENY");
    const garbage = banded({ min_sell_price_micros: "0.4" as never });
    expect(decide(order("SELL", 100n, 100n), garbage).deciding?.reason_code).toBe("WALLET_PERMISSION_DENIED");
  });

  const amount = fc.bigInt({ min: 1n, max: 10n ** 15n });
  const price = fc.bigInt({ min: 1n, max: ONE });
  test("property: never approves a BUY above max_buy_price", () => {
    fc.assert(
      fc.property(amount, amount, price, (makerAmount, takerAmount, max) => {
        const r = decide(order("BUY", makerAmount, takerAmount), banded({ max_buy_price_micros: max }));
        // Approved ⇔ makerAmount / takerAmount ≤ max / 1e6, exactly.
        return (r.decision === "APPROVE") === (makerAmount * ONE <= max * takerAmount);
      }),
      { numRuns: 3000 },
    );
  });
  test("property: never approves a SELL below min_sell_price", () => {
    fc.assert(
      fc.property(amount, amount, fc.bigInt({ min: 0n, max: ONE }), (makerAmount, takerAmount, min) => {
        const r = decide(order("SELL", makerAmount, takerAmount), banded({ min_sell_price_micros: min }));
        return (r.decision === "APPROVE") === (takerAmount * ONE >= min * makerAmount);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("item 3: ClobAuth is never a default", () => {
  const clobAuth = { ...orderIntent(0n), kind: "clob_auth", method: "ClobAuth.sign", contract_address: null } as never;
  const granted = (signed: number | undefined) =>
    ctx({ clob_auth_signed_last_hour: signed }, session({}, { method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"] }));
  const on = sessionScopeGuard({ allowClobAuth: true, clobAuthPerHour: 3 });
  const off = sessionScopeGuard({ allowClobAuth: false, clobAuthPerHour: 3 });

  test("with sessions.allow_clob_auth off, a session granted ClobAuth.sign earlier signs none", () => {
    expect(runPipeline([off], clobAuth, granted(0)).deciding).toMatchObject({
      bot_id: "sec.session_scope",
      reason_code: "WALLET_PERMISSION_DENIED",
      evidence: { method: "ClobAuth.sign", allow_clob_auth: false, in_whitelist: true },
    });
  });
  test("allowed by the operator but not granted to the session: denied even behind a shadowed WalletPermissionGuard", () => {
    const r = runPipeline([walletPermissionGuard({ mode: "shadow_only" }), on], clobAuth, ctx({ clob_auth_signed_last_hour: 0 }));
    expect(r.deciding).toMatchObject({ bot_id: "sec.session_scope", evidence: { allow_clob_auth: true, in_whitelist: false } });
  });
  test.each([
    [0, "APPROVE"],
    [2, "APPROVE"],
    [3, "CLOB_AUTH_RATE_EXCEEDED"],
    [9, "CLOB_AUTH_RATE_EXCEEDED"],
  ] as const)("%i signed in the last hour (limit 3) → %s", (signed, expected) => {
    const r = runPipeline([on], clobAuth, granted(signed));
    expect(r.deciding?.reason_code ?? r.decision).toBe(expected);
  });
  test("a count that was not loaded fails closed", () => {
    expect(runPipeline([on], clobAuth, granted(undefined)).deciding).toMatchObject({ reason_code: "WALLET_PERMISSION_DENIED", evidence: { error: "TypeError" } });
  });
});
