import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { KillSwitchRecord } from "../../src/core/SessionRecord";
import type { OpenOrder } from "../../src/warden/listOpenOrders";
import { ordersInScope } from "../../src/warden/ordersInScope";
import { CLUSTERS, MARKETS, type MarketName, type PlacedOrder, STRATEGIES, type StrategyName, cancelWorld } from "../helpers/cancelWorld";

const strategies = ["s1", "s2", "s3", "s4", "s5"];
const conditions = ["c1", "c2", "c3", "c4", "c5", "c6"];

/** The scope rule of seed 003 as the test states it, independently of src. */
function inScopeBySpec(o: OpenOrder, k: Pick<KillSwitchRecord, "scope" | "target">, families: Record<string, string>, clusters: Record<string, string>): boolean {
  if (k.scope === "global") return true;
  if (k.scope === "strategy") return o.strategy_id === k.target;
  if (k.scope === "family") return families[o.strategy_id] === k.target;
  return (clusters[o.condition_id] ?? "unassigned") === k.target;
}

const world = fc.record({
  families: fc.dictionary(fc.constantFrom(...strategies), fc.constantFrom("f1", "f2", "f3")),
  clusters: fc.dictionary(fc.constantFrom(...conditions), fc.constantFrom("k1", "k2", "k3")),
  orders: fc.array(fc.record({ strategy_id: fc.constantFrom(...strategies), condition_id: fc.constantFrom(...conditions) }), { maxLength: 60 }),
  k: fc.oneof(
    fc.constant({ scope: "global" as const, target: "*" }),
    fc.record({ scope: fc.constant("strategy" as const), target: fc.constantFrom(...strategies) }),
    fc.record({ scope: fc.constant("family" as const), target: fc.constantFrom("f1", "f2", "f3") }),
    fc.record({ scope: fc.constant("cluster" as const), target: fc.constantFrom("k1", "k2", "k3", "unassigned") }),
  ),
});

describe("the cancel set of a scope is exactly the orders in that scope", () => {
  test("property: for random orders across strategies, families and clusters, ordersInScope picks those the spec puts in scope, and only those", () => {
    fc.assert(
      fc.property(world, ({ families, clusters, orders, k }) => {
        const open: OpenOrder[] = orders.map((o, i) => ({
          intent_id: `int_${i.toString(16).padStart(64, "0")}`,
          order_hash: `0x${i.toString(16).padStart(64, "0")}`,
          strategy_id: o.strategy_id,
          condition_id: o.condition_id,
          side: "BUY",
          notional_usd: "1",
          at_ms: i,
        }));
        const picked = new Set(ordersInScope(open, k, { familyOf: (s) => families[s] ?? null, clusterOf: (c) => clusters[c] ?? "unassigned" }).map((o) => o.order_hash));
        for (const o of open) expect(picked.has(o.order_hash), `${o.strategy_id}/${o.condition_id} vs ${k.scope}:${k.target}`).toBe(inScopeBySpec(o, k, families, clusters));
      }),
      { numRuns: 2_000 },
    );
  });

  test("property, end to end: Warden signs random orders, the CLOB has them resting, arming a random switch leaves exactly the others on the book and in exposure", async () => {
    const markets = Object.keys(MARKETS) as MarketName[];
    const names = Object.keys(STRATEGIES) as StrategyName[];
    const clusterOf = (m: MarketName) => Object.entries(CLUSTERS).find(([, cs]) => (cs as readonly string[]).includes(MARKETS[m].condition))?.[0] ?? "unassigned";
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ strategy: fc.constantFrom(...names), market: fc.constantFrom(...markets) }), { minLength: 1, maxLength: 10 }),
        fc.oneof(
          fc.constant({ scope: "global" as const }),
          fc.record({ scope: fc.constant("strategy" as const), strategy_id: fc.constantFrom(...names) }),
          fc.record({ scope: fc.constant("family" as const), family: fc.constantFrom("market-makers", "arbitrage") }),
          fc.record({ scope: fc.constant("cluster" as const), cluster_id: fc.constantFrom(...Object.keys(CLUSTERS), "unassigned") }),
        ),
        async (wanted, which) => {
          const w = await cancelWorld();
          try {
            const placed: PlacedOrder[] = [];
            for (const o of wanted) placed.push(await w.place(o.strategy, o.market));
            const covered = (o: PlacedOrder) =>
              which.scope === "global" ||
              (which.scope === "strategy" && o.strategy === which.strategy_id) ||
              (which.scope === "family" && STRATEGIES[o.strategy] === which.family) ||
              (which.scope === "cluster" && clusterOf(o.market) === which.cluster_id);
            const report = await (await w.warden.armKillSwitch({ ...which, actor: "risk", reason: "property" })).cancel;
            const gone = placed.filter(covered).map((o) => o.id).sort();
            const stay = placed.filter((o) => !covered(o)).map((o) => o.id).sort();
            expect(report.status).toBe("complete");
            expect(report.cancelled.map((c) => c.order_hash).sort()).toEqual(gone);
            expect([...w.clob.resting.keys()].sort()).toEqual(stay);
            expect([...(await w.openIds())].sort()).toEqual(stay);
          } finally {
            await w.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
