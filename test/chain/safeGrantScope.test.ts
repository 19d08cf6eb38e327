import fc from "fast-check";
import { type Address, type Hex, hashTypedData } from "viem";
import { describe, expect, test } from "vitest";
import { safeGrantScope } from "../../src/chain/safeGrantScope";
import type { SessionScope } from "../../src/core/SessionScope";
import { sessionGrantTypedData } from "../../src/core/sessionTypedData";

// The tests' own copy of the exchanges and their mask bits (CTFExchangeV2, NegRisk CTFExchangeV2, ExchangeV3).
const EXCHANGES: Address[] = ["0xe111180000d2663c0091e4f400237545b87b996b", "0xe2222d279d744050d28e00520010520000310f59", "0xe3333700ca9d93003f00f0f71f8515005f6c00aa"];

const scopeArb = fc.record({
  allow: fc.subarray([0, 1, 2]),
  cap: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  buy: fc.integer({ min: 1, max: 1_000_000 }),
  sell: fc.integer({ min: 0, max: 1_000_000 }),
  calls: fc.integer({ min: 1, max: 10_000_000 }),
  idle: fc.integer({ min: 1, max: 86_400 }),
  reapproval: fc.integer({ min: 0, max: 720 * 3600 }),
  lifetime: fc.integer({ min: 1, max: 720 * 3600 }),
});

describe("safeGrantScope: the on-chain half of a Safe session", () => {
  test("maps cap, band, budget, lifetime and exchanges one to one, and binds the off-chain rest by the SessionGrant hash as the only token id (allowlist off)", () => {
    fc.assert(
      fc.property(scopeArb, (s) => {
        const scope: SessionScope = {
          strategy_id: "nba-mm",
          method_whitelist: ["CTFExchangeV2.matchOrders"],
          contract_allowlist: s.allow.map((i) => EXCHANGES[i]!),
          max_per_call_size_micros: s.cap,
          max_buy_price_micros: BigInt(s.buy),
          min_sell_price_micros: BigInt(s.sell),
          max_session_lifetime_s: s.lifetime,
          max_calls_per_session: s.calls,
          idle_timeout_s: s.idle,
          require_reapproval_s: s.reapproval,
        };
        const nonce = `0x${"ab".repeat(32)}` as Hex;
        const grantId = hashTypedData(sessionGrantTypedData({ chainId: 137, wallet: "0x2222222222222222222222222222222222222222", scope, issuedAtSec: 1_800_000_000, validUntilSec: 1_800_000_000 + s.lifetime, nonce }));
        const g = safeGrantScope({ chainId: 137, scope, grantId, validUntilSec: 1_800_000_000 + s.lifetime, maxOrderAgeSec: 86_400 });
        expect(g.limits).toEqual({
          validUntil: 1_800_000_000 + s.lifetime,
          maxOrderAgeSec: 86_400,
          maxPerCallMicroUsd: s.cap,
          minSellPriceMicroUsd: s.sell,
          maxBuyPriceMicroUsd: s.buy,
          maxCalls: s.calls,
          maxValuePerCallWei: 0n,
          exchangeMask: s.allow.reduce((m, i) => m | (1 << i), 0),
          strategy: 0,
          tokenAllowlist: false,
        });
        expect(g.tokenIds).toEqual([BigInt(grantId)]);
        expect([g.calls, g.spenders, g.recipients]).toEqual([[], [], []]);
        // Any change to an off-chain-only part changes the bound token id.
        const other = hashTypedData(sessionGrantTypedData({ chainId: 137, wallet: "0x2222222222222222222222222222222222222222", scope: { ...scope, idle_timeout_s: scope.idle_timeout_s + 1 }, issuedAtSec: 1_800_000_000, validUntilSec: 1_800_000_000 + s.lifetime, nonce }));
        expect(safeGrantScope({ chainId: 137, scope, grantId: other, validUntilSec: 1, maxOrderAgeSec: 1 }).tokenIds).not.toEqual(g.tokenIds);
      }),
    );
  });
});
