import { killSwitchCovers } from "../core/killSwitchCovers";
import type { KillSwitchRecord } from "../core/SessionRecord";
import type { OpenOrder } from "./listOpenOrders";

/** How an order is placed in a scope: its strategy's family and its market's cluster, as configured now. */
export type ScopeResolvers = {
  familyOf: (strategyId: string) => string | null;
  clusterOf: (conditionId: string) => string;
};

/**
 * The open orders a kill switch covers — the cancel set of arming it: every order for `global`,
 * the strategy's for `strategy`, its strategies' for `family`, and for `cluster` the orders on the
 * markets of that cluster (whatever strategy signed them). The same rule as the KillSwitch guard
 * (`killSwitchCovers`), with the cluster of each order's market as the configuration says now.
 *
 * @param orders - Warden's open orders (`listOpenOrders`).
 * @param k - The switch's scope and target.
 * @param resolvers - `{ familyOf, clusterOf }`.
 * @returns The covered orders, in their given order.
 * @example
 * ordersInScope(await warden.listOpenOrders(), { scope: "family", target: "market-makers" }, { familyOf, clusterOf })
 */
export function ordersInScope(orders: readonly OpenOrder[], k: Pick<KillSwitchRecord, "scope" | "target">, { familyOf, clusterOf }: ScopeResolvers): OpenOrder[] {
  return orders.filter((o) => killSwitchCovers(k, { strategy_id: o.strategy_id, family: familyOf(o.strategy_id), cluster_id: clusterOf(o.condition_id) }));
}
