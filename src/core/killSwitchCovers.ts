import type { KillSwitchRecord } from "./SessionRecord";

/** What a kill switch can cover: an order or a session, by its strategy, bot family and cluster. */
export type KillSwitchSubject = {
  strategy_id: string;
  /** The strategy's bot family (`strategies.<id>.family`); null when the configuration names none. */
  family: string | null;
  /**
   * The cluster of the order's market; null for a session, which is bound to a strategy and to no
   * market (so a cluster switch never revokes a session: it denies that cluster's orders instead).
   */
  cluster_id: string | null;
};

/**
 * Whether a kill switch's scope covers a subject, armed or not. The one definition of scope
 * coverage: the KillSwitch guard (orders), the sessions an arm revokes and the resting orders it
 * cancels all ask this.
 *
 * @param k - The switch's scope and target.
 * @param s - The subject.
 * @returns True when the switch covers it. A scope this version does not know covers everything
 *   (a record written by a newer Warden must not open a hole).
 * @example
 * killSwitchCovers({ scope: "family", target: "market-makers" }, { strategy_id: "nba-mm", family: "market-makers", cluster_id: null }) // true
 */
export function killSwitchCovers(k: Pick<KillSwitchRecord, "scope" | "target">, s: KillSwitchSubject): boolean {
  switch (k.scope) {
    case "global":
      return true;
    case "strategy":
      return s.strategy_id === k.target;
    case "family":
      return s.family !== null && s.family === k.target;
    case "cluster":
      return s.cluster_id !== null && s.cluster_id === k.target;
    default:
      return true;
  }
}
