import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { GrantableMethod } from "../../src/core/SigningIntent";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { armed, ctx, orderIntent, session, T0, unsignable } from "../helpers/guardFixtures";

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
