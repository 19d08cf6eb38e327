import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { GrantableMethod } from "../../src/core/SigningIntent";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { armed, ctx, orderIntent, session, sidedOrder, T0, unsignable } from "../helpers/guardFixtures";

const guard = walletPermissionGuard({ mode: "hard_guard" });
const pipeline = [killSwitchGuard(), sessionKeyManagerGuard({ mode: "hard_guard" }), guard];
const usd = (n: number) => BigInt(Math.round(n * 1e6));
const decide = (intent: Parameters<typeof guard.evaluate>[0], c = ctx()) => runPipeline([guard], intent, c);

describe("WalletPermissionGuard — seed 004 §26 unit tests", () => {
  test("approves when the method is in the whitelist and the size is within the limit", () => {
    expect(decide(orderIntent(usd(500))).decision).toBe("APPROVE");
  });
  test("rejects when the method is not in the whitelist (transfer)", () => {
    const r = decide(unsignable("transfer"));
    expect(r.deciding).toMatchObject({ decision: "DENY", reason_code: "WALLET_PERMISSION_DENIED", evidence: { method: "transfer", in_whitelist: false } });
  });
  test("rejects when size_usd = 2000 exceeds max_per_call_size_usd = 1000", () => {
    const r = decide(orderIntent(usd(2000)));
    expect(r.deciding).toMatchObject({ reason_code: "WALLET_PERMISSION_DENIED", evidence: { size_exceeded: true } });
  });
});

describe("WalletPermissionGuard — seed 004 §26 integration tests", () => {
  test("an expired session is denied with SESSION_KEY_EXPIRED before any whitelist lookup", () => {
    const r = runPipeline(pipeline, orderIntent(usd(10)), ctx({ now_ms: T0 + 24 * 3600 * 1000 + 1 }));
    expect(r.deciding?.reason_code).toBe("SESSION_KEY_EXPIRED");
    expect(r.votes.some((v) => v.bot_id === "sec.wallet_permission_guard")).toBe(false);
  });
  test("an armed kill switch short-circuits every other check", () => {
    const r = runPipeline(pipeline, orderIntent(usd(10)), ctx({ kill_switches: [armed("global")] }));
    expect(r.votes.map((v) => [v.bot_id, v.reason_code])).toEqual([["risk.killswitch", "KILL_SWITCH_ACTIVE"]]);
  });
});

describe("WalletPermissionGuard — thresholds (seed 004 §6–7)", () => {
  test.each([
    ["exactly at the cap", usd(1000), "APPROVE", ["PERMISSION_SCOPE_WARN"]],
    ["one base unit over the cap", usd(1000) + 1n, "DENY", []],
    ["exactly 80 % of the cap (no warning: the seed warns above 0.8)", usd(800), "APPROVE", []],
    ["one base unit above 80 %", usd(800) + 1n, "APPROVE", ["PERMISSION_SCOPE_WARN"]],
    ["well below", usd(1), "APPROVE", []],
  ])("%s", (_l, size, decision, warnings) => {
    const r = decide(orderIntent(size));
    expect(r.decision).toBe(decision);
    expect(r.votes.filter((v) => v.decision === "WARN").map((v) => v.reason_code)).toEqual(warnings);
  });

  test("the operator ceiling caps a larger session cap", () => {
    const s = session({}, { max_per_call_size_micros: usd(5000) });
    expect(decide(orderIntent(usd(1500)), ctx({ max_per_call_size_micros: usd(1000) }, s)).decision).toBe("DENY");
  });

  test("a contract outside the allowlist is denied", () => {
    const negRisk = { name: "NegRiskCtfExchangeV2", version: "2", address: "0xe2222d279d744050d28e00520010520000310f59", maskBit: 1 } as const;
    const r = decide(orderIntent(usd(1), { contract_address: negRisk.address, exchange: negRisk }));
    expect(r.deciding?.evidence).toEqual({ contract_address: negRisk.address, in_allowlist: false });
  });

  test("a whitelist without CTFExchangeV2.matchOrders warns (seed's warning threshold)", () => {
    const s = session({}, { method_whitelist: ["ClobAuth.sign"] });
    const r = runPipeline([guard], { ...unsignable("ClobAuth.sign"), kind: "clob_auth", method: "ClobAuth.sign" } as never, ctx({}, s));
    expect(r.decision).toBe("APPROVE");
    expect(r.votes.find((v) => v.decision === "WARN")?.evidence).toEqual({ whitelist_lacks_match_orders: true });
  });
});

describe("WalletPermissionGuard — seed 004 §26 property tests", () => {
  const intents = fc.oneof(
    fc.bigInt({ min: 1n, max: usd(1e9) }).map((n) => orderIntent(n)),
    fc.constantFrom("transfer", "personal_sign", "eth_signTransaction", "eip712:Permit", "ClobAuth.sign").map((m) => unsignable(m)),
  );
  test("an empty whitelist always produces DENY", () => {
    fc.assert(
      fc.property(intents, fc.bigInt({ min: 1n, max: usd(1e9) }), (intent, cap) => {
        const s = session({}, { method_whitelist: [], max_per_call_size_micros: cap });
        return runPipeline([guard], intent, ctx({ max_per_call_size_micros: cap }, s)).decision === "DENY";
      }),
      { numRuns: 1000 },
    );
  });
  test("never approves a size above the cap, a method outside the whitelist or a contract outside the allowlist", () => {
    const methods = fc.subarray<GrantableMethod>(["CTFExchangeV2.matchOrders", "ClobAuth.sign"]);
    fc.assert(
      fc.property(intents, methods, fc.bigInt({ min: 1n, max: usd(1e9) }), (intent, whitelist, cap) => {
        const s = session({}, { method_whitelist: whitelist, max_per_call_size_micros: cap });
        const r = runPipeline([guard], intent, ctx({ max_per_call_size_micros: cap }, s));
        if (r.decision === "DENY") return r.deciding?.reason_code === "WALLET_PERMISSION_DENIED";
        return (
          (whitelist as string[]).includes(intent.method) &&
          intent.notional_micros <= cap &&
          (intent.contract_address === null || s.scope.contract_allowlist.includes(intent.contract_address))
        );
      }),
      { numRuns: 2000 },
    );
  });
});

const order = sidedOrder;

describe("item 1: a SELL is capped by what the wallet gives", () => {
  const cap100 = ctx({ max_per_call_size_micros: usd(100) }, session({}, { max_per_call_size_micros: usd(100) }));
  test.each([
    ["a BUY paying exactly the cap", "APPROVE", order("BUY", usd(100), usd(250))],
    ["a BUY paying one base unit more", "DENY", order("BUY", usd(100) + 1n, usd(250))],
    ["a SELL giving exactly the cap in shares", "APPROVE", order("SELL", usd(100), usd(40))],
    ["a SELL giving one share base unit more", "DENY", order("SELL", usd(100) + 1n, usd(40))],
    // 100,000 × 0.001 = 100 pUSD of proceeds: inside a cap on proceeds, 1,000 times a cap on shares.
    ["a SELL of 100,000 shares at 0.001", "DENY", order("SELL", usd(100_000), usd(100))],
    ["a SELL of 1e9 shares for 0.000001 pUSD", "DENY", order("SELL", usd(1e9), 1n)],
    ["a normal SELL of 80 shares at 0.41", "APPROVE", order("SELL", usd(80), usd(32.8))],
  ] as const)("%s → %s", (_l, decision, intent) => {
    expect(decide(intent, cap100).decision).toBe(decision);
  });

  test("the denial names the side and the value given", () => {
    expect(decide(order("SELL", usd(100_000), usd(100)), cap100).deciding?.evidence).toEqual({
      side: "SELL",
      gives_usd: 100_000,
      max_per_call_size_usd: 100,
      size_exceeded: true,
    });
  });

  test("PERMISSION_SCOPE_WARN measures the same quantity: a SELL giving more than 80 % of the cap in shares", () => {
    const warns = (intent: ReturnType<typeof order>) => decide(intent, cap100).votes.filter((v) => v.decision === "WARN").map((v) => v.reason_code);
    expect(warns(order("SELL", usd(80) + 1n, usd(1)))).toEqual(["PERMISSION_SCOPE_WARN"]);
    expect(warns(order("SELL", usd(80), usd(79)))).toEqual([]);
  });

  test("property: never approves an order whose makerAmount is above the cap, on either side", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("BUY" as const, "SELL" as const),
        fc.bigInt({ min: 1n, max: usd(1e9) }),
        fc.bigInt({ min: 1n, max: usd(1e9) }),
        fc.bigInt({ min: 1n, max: usd(1e9) }),
        fc.bigInt({ min: 1n, max: usd(1e9) }),
        (side, makerAmount, takerAmount, sessionCap, operatorCap) => {
          const s = session({}, { max_per_call_size_micros: sessionCap });
          const r = decide(order(side, makerAmount, takerAmount), ctx({ max_per_call_size_micros: operatorCap }, s));
          const cap = sessionCap < operatorCap ? sessionCap : operatorCap;
          return r.decision === "APPROVE" ? makerAmount <= cap : makerAmount > cap;
        },
      ),
      { numRuns: 3000 },
    );
  });
});
