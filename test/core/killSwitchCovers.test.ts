import { describe, expect, test } from "vitest";
import { killSwitchCovers } from "../../src/core/killSwitchCovers";

const order = { strategy_id: "nba-mm", family: "market-makers", cluster_id: "SPORTS_NBA" };
const session = { ...order, cluster_id: null };

describe("killSwitchCovers", () => {
  test.each([
    [{ scope: "global", target: "*" }, true, true],
    [{ scope: "strategy", target: "nba-mm" }, true, true],
    [{ scope: "strategy", target: "fed-mm" }, false, false],
    [{ scope: "family", target: "market-makers" }, true, true],
    [{ scope: "family", target: "arbitrage" }, false, false],
    // A session is bound to no market: a cluster switch covers its orders, never the session.
    [{ scope: "cluster", target: "SPORTS_NBA" }, true, false],
    [{ scope: "cluster", target: "FED_RATES" }, false, false],
  ] as const)("%o covers the order: %s, the session: %s", (k, coversOrder, coversSession) => {
    expect(killSwitchCovers(k, order)).toBe(coversOrder);
    expect(killSwitchCovers(k, session)).toBe(coversSession);
  });

  test("a strategy without a family is covered by no family switch", () => {
    expect(killSwitchCovers({ scope: "family", target: "market-makers" }, { ...order, family: null })).toBe(false);
  });

  test("a scope this version does not know covers everything (fail closed)", () => {
    expect(killSwitchCovers({ scope: "desk" as never, target: "x" }, order)).toBe(true);
  });
});
