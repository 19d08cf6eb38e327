import type { PositionsSnapshot } from "../market/types";
import type { PositionExposure } from "../core/exposure";

/**
 * Filled positions as exposure at cost (`initialValueMicros`): gross adds every position, net adds
 * them too (holding an outcome token is long that outcome). Grouped by market and by cluster.
 *
 * @param params.positions - The wallet's positions snapshot.
 * @param params.clusterOf - Condition id → operator cluster.
 * @returns Exposure per level.
 * @example
 * positionExposure({ positions, clusterOf: (c) => clusters.clusterOfCondition(c) })
 */
export function positionExposure({
  positions,
  clusterOf,
}: {
  positions: PositionsSnapshot;
  clusterOf: (conditionId: string) => string;
}): PositionExposure {
  const global = { grossMicros: 0n, netMicros: 0n };
  const byCluster = new Map<string, { grossMicros: bigint; netMicros: bigint; conditions: Set<string> }>();
  const byMarket = new Map<string, { grossMicros: bigint; netMicros: bigint }>();
  for (const p of positions.positions) {
    const cost = p.initialValueMicros < 0n ? -p.initialValueMicros : p.initialValueMicros;
    if (cost === 0n) continue;
    global.grossMicros += cost;
    global.netMicros += cost;
    const cluster = clusterOf(p.conditionId);
    const c = byCluster.get(cluster) ?? { grossMicros: 0n, netMicros: 0n, conditions: new Set<string>() };
    c.grossMicros += cost;
    c.netMicros += cost;
    c.conditions.add(p.conditionId);
    byCluster.set(cluster, c);
    const m = byMarket.get(p.conditionId) ?? { grossMicros: 0n, netMicros: 0n };
    m.grossMicros += cost;
    m.netMicros += cost;
    byMarket.set(p.conditionId, m);
  }
  return { global, byCluster, byMarket };
}
