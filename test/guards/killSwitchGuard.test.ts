import { describe, expect, test } from "vitest";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import type { KillSwitchRecord } from "../../src/core/SessionRecord";
import { armed, ctx, orderIntent, session } from "../helpers/guardFixtures";
import { CLUSTER, risk, riskCtx, unavailableRead } from "../helpers/riskFixtures";

const families: Record<string, string> = { "nba-mm": "market-makers", "fed-mm": "market-makers", "btc-arb": "arbitrage" };
const guard = killSwitchGuard({ familyOf: (id) => families[id] ?? null });
const clobAuth = { kind: "clob_auth", intent_id: "int_c", method: "ClobAuth.sign", contract_address: null, notional_micros: 0n, size_usd: 0, digest: `0x${"cd".repeat(32)}` } as never;
const decide = (switches: KillSwitchRecord[], strategy = "nba-mm", intent = orderIntent(1_000_000n)) =>
  guard.evaluate(intent, riskCtx({}, { kill_switches: switches, session: session({}, { strategy_id: strategy }), claimed_strategy_id: strategy })).deny?.reason_code ?? "APPROVE";

describe("KillSwitch guard: every scope of seed 003", () => {
  test.each([
    ["global", "*", "nba-mm", "KILL_SWITCH_ACTIVE"],
    ["strategy", "nba-mm", "nba-mm", "KILL_SWITCH_ACTIVE"],
    ["strategy", "fed-mm", "nba-mm", "APPROVE"],
    ["family", "market-makers", "nba-mm", "KILL_SWITCH_ACTIVE"],
    ["family", "market-makers", "fed-mm", "KILL_SWITCH_ACTIVE"],
    ["family", "market-makers", "btc-arb", "APPROVE"],
    ["family", "market-makers", "no-family", "APPROVE"],
    ["cluster", CLUSTER, "nba-mm", "KILL_SWITCH_ACTIVE"],
    ["cluster", "CRYPTO_Q2", "nba-mm", "APPROVE"],
  ] as const)("a %s switch on %s, order of %s: %s", (scope, target, strategy, expected) => {
    expect(decide([armed(scope, target)], strategy)).toBe(expected);
  });

  test("a disarmed switch covers nothing", () => {
    expect(decide([{ ...armed("global"), armed: false }, { ...armed("cluster", CLUSTER), armed: false }])).toBe("APPROVE");
  });

  test("a strategy claiming another strategy's id is stopped by either's switch", () => {
    const c = ctx({ kill_switches: [armed("family", "arbitrage")], claimed_strategy_id: "btc-arb" }, session());
    expect(guard.evaluate(orderIntent(1_000_000n), c).deny?.reason_code).toBe("KILL_SWITCH_ACTIVE");
  });

  test("a cluster switch denies only orders: ClobAuth is on no market", () => {
    expect(decide([armed("cluster", CLUSTER)], "nba-mm", clobAuth)).toBe("APPROVE");
  });

  test("with a cluster switch armed, an order whose cluster is unknown is denied with KILL_SWITCH_DATA_UNAVAILABLE (fail closed)", () => {
    const c = riskCtx({ cluster: { ...unavailableRead("stale"), tokenId: "1" } }, { kill_switches: [armed("cluster", "CRYPTO_Q2")] });
    const verdict = guard.evaluate(orderIntent(1_000_000n), c);
    expect(verdict.deny).toEqual({ reason_code: "KILL_SWITCH_DATA_UNAVAILABLE", evidence: { scope: "cluster", target: "CRYPTO_Q2", problem: "cluster stale" } });
  });

  test("without a cluster switch the order's market data is never read", () => {
    const c = ctx({ kill_switches: [armed("strategy", "fed-mm")] });
    Object.defineProperty(c, "risk", { get: () => { throw new TypeError("risk context read"); } });
    expect(guard.evaluate(orderIntent(1_000_000n), c)).toEqual({ inputs_used: ["internal.killswitch"] });
    expect(risk().cluster.status).toBe("ok");
  });
});
