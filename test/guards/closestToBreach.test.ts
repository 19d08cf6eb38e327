import { describe, expect, test } from "vitest";
import { closestToBreach } from "../../src/guards/closestToBreach";
import { exposure, riskConfig } from "../helpers/riskFixtures";

// Seed 003's panel: cluster 96 % ($96k / $100k, ~12m), per-market 92 % ($110k / $120k),
// per-strategy 87 % ($4.35k / $5k), notional/min throttle 81 % ($8.1k / $10k); gross 38 % of $375k.
const view = exposure({
  global: { grossMicros: 142_500_000_000n },
  cluster: { id: "US_ELECT_2028_A", grossMicros: 96_000_000_000n },
  market: { grossMicros: 110_000_000_000n },
  strategy: { grossMicros: 4_350_000_000n, notionalLastMinuteMicros: 8_100_000_000n, envelopesLastMinute: 12 },
});
const config = riskConfig().exposure;

describe("closestToBreach", () => {
  test("lists the caps above 80 %, most used first, labelled as seed 003 labels them", () => {
    const rows = closestToBreach({ exposure: view, config });
    expect(rows.map((r) => [r.key, r.utilisationPct, r.reasonCode])).toEqual([
      ["cluster.gross", 96, "RISK_EXPOSURE_CAP_HIT"],
      ["market.gross", 91.66, "RISK_EXPOSURE_CAP_HIT"],
      ["strategy.gross", 87, "RISK_STRATEGY_CAP_NEAR"],
      ["strategy.notional_per_min", 81, "EXEC_RATE_LIMIT_NEAR"],
    ]);
    expect(rows[0]).toMatchObject({ level: "cluster", id: "US_ELECT_2028_A", used: 96_000_000_000n, cap: 100_000_000_000n, unit: "micros" });
  });
  test("estimates minutes to breach at the given rate (seed: ~12m), null without a rate", () => {
    const rows = closestToBreach({ exposure: view, config, ratePerMinute: { "cluster.gross": 333_333_334n, "market.gross": 0n } });
    expect(rows[0]?.minutesToBreach).toBeCloseTo(12, 3);
    expect(rows[1]?.minutesToBreach).toBeNull();
  });
  test("a cap at or over its limit is 0 minutes from breach", () => {
    const rows = closestToBreach({ exposure: exposure({ cluster: { grossMicros: 100_000_000_000n } }), config, ratePerMinute: { "cluster.gross": 1n } });
    expect(rows[0]).toMatchObject({ key: "cluster.gross", utilisationPct: 100, minutesToBreach: 0 });
  });
  test.each([
    [80_000_000_000n, 0],
    [80_000_000_001n, 1],
  ])("only strictly above the threshold: cluster gross %s of 100,000 pUSD → %i rows", (gross, n) => {
    expect(closestToBreach({ exposure: exposure({ cluster: { grossMicros: gross } }), config })).toHaveLength(n);
  });
  test("minUtilisationPct widens the list; every cap the guard enforces is covered", () => {
    const rows = closestToBreach({ exposure: view, config, minUtilisationPct: 0 });
    expect(rows.map((r) => r.key).sort()).toEqual(
      ["cluster.gross", "cluster.instruments", "global.gross", "market.gross", "strategy.envelopes_per_min", "strategy.gross", "strategy.notional_per_min"].sort(),
    );
  });
  test("uses the cluster's override (seed 003 per-cluster table)", () => {
    const rows = closestToBreach({ exposure: view, config: riskConfig({ exposure: { clusters: { US_ELECT_2028_A: { gross_cap_usd: 200_000 } } } }).exposure });
    expect(rows.map((r) => r.key)).not.toContain("cluster.gross");
  });
});
