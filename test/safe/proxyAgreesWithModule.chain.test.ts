import fc from "fast-check";
import { network } from "hardhat";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MODULE_MAX_ORDER_CLOCK_SKEW_SEC } from "../../src/chain/moduleMaxOrderClockSkewSec";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { type AgreementWorld, agreementWorld, deliberatelyStricter, runAgreement, scopeCaseArbitrary } from "./proxyModuleAgreement";

/** Fixed in CI: the same 50 scopes × 20 orders every run (bench/moduleAgreement.ts runs 10,000 pairs on other seeds). */
const SEED = 14_2026;
const SCOPES = 50;

const countBy = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});

// Issue 14: the proxy never signs what the module would refuse. Which of Warden's guards could still
// deny for reasons outside the scope, and why they do not, is said at agreementWorld; every denial of
// an order the module accepts is classified (deliberatelyStricter) and an unexplained one fails.
describe("Warden (safe-module) and the Warden module agree on generated (scope, order) pairs", () => {
  let connection: Awaited<ReturnType<typeof network.connect>>;
  let world: AgreementWorld;
  beforeAll(async () => {
    connection = await network.connect({ override: { chainId: 137 } });
    world = await agreementWorld(connection);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await connection?.close();
  });

  test("the module's clock-skew allowance is the one the config keeps signing.max_order_future_skew_s within", async () => {
    expect(await world.publicClient.readContract({ address: world.module, abi: wardenModuleAbi, functionName: "MAX_ORDER_CLOCK_SKEW_SEC" })).toBe(BigInt(MODULE_MAX_ORDER_CLOCK_SKEW_SEC));
  });

  test(`${SCOPES} scopes granted on-chain × 20 orders: every signature Warden returns is accepted by the Safe, every order the module refuses is denied`, async () => {
    const cases = fc.sample(scopeCaseArbitrary(world.wardens.length), { seed: SEED, numRuns: SCOPES });
    const report = await runAgreement(world, cases);
    const summary = { pairs: report.pairs, approvals: report.approvals, denials: report.denials, module_accepts: report.module_accepts, disagreements: report.disagreements.length, stricter: report.stricter.length, grant_ms: Math.round(report.grant_ms), check_ms: Math.round(report.check_ms) };
    console.log(JSON.stringify({ summary, module_statuses: report.module_statuses, warden_reasons: report.warden_reasons, stricter_by_cause: countBy(report.stricter.map((p) => deliberatelyStricter(p) ?? "unexplained")) }));
    expect(report.pairs).toBe(SCOPES * 20);
    // At least 30 % of the pairs are in scope (the module accepts them), and Warden signs some of them.
    expect(report.module_accepts / report.pairs).toBeGreaterThanOrEqual(0.3);
    expect(report.approvals).toBeGreaterThan(0);
    expect(report.module_refuses).toBeGreaterThan(0);
    // Warden signs nothing the module refuses, and the Safe accepts every signature Warden returned.
    expect(report.disagreements).toEqual([]);
    // The deliberate cases hit their edges: one unit inside and exactly at each bound the module
    // accepts and Warden signs (cap, price band; the order-time bounds where Warden's window is the
    // module's, window set 1); one unit past it both refuse.
    const edge = (k: string) => report.edges[k] ?? { pairs: 0, module_ok: 0, warden_signed: 0 };
    for (const dim of ["cap", "band_buy", "band_sell", "module_age", "future"]) {
      for (const at of ["inside", "at"]) expect(edge(`${dim}:${at}`), `${dim}:${at}`).toMatchObject({ module_ok: edge(`${dim}:${at}`).pairs });
      expect(edge(`${dim}:past`), `${dim}:past`).toMatchObject({ module_ok: 0, warden_signed: 0 });
      expect(edge(`${dim}:past`).pairs, dim).toBeGreaterThan(0);
    }
    for (const k of ["cap:inside", "cap:at", "band_buy:inside", "band_buy:at", "band_sell:inside", "band_sell:at", "module_age:inside@w1", "module_age:at@w1", "future:inside@w1", "future:at@w1", "warden_age:at@w0", "warden_age:at@w2"])
    {
      expect(edge(k).pairs, k).toBeGreaterThan(0);
      expect(edge(k).warden_signed, k).toBe(edge(k).pairs);
    }
    // Where Warden denies what the module accepts, it is deliberately stricter (its own order-time window, the lifetime's last second).
    expect(report.stricter.filter((p) => deliberatelyStricter(p) === null)).toEqual([]);
  }, 300_000);
});
