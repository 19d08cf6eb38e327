import { ConfigError } from "../../errors/ConfigError";
import type { Store } from "../../store/Store";

/** The module's per-strategy pause is a 64-bit mask: strategy indices 0–63. */
export const MAX_SAFE_STRATEGIES = 64;
const META_KEY = "safe_strategy_indices";

/** The strategy indices of a Safe's strategy ids, kept in the Store (the same id keeps its index across restarts). */
export type SafeStrategyIndices = {
  /** The strategy's index, given the lowest free one the first time it is asked for. */
  indexOf(strategyId: string): Promise<number>;
};

/**
 * Gives each strategy id of a Safe its own index on the Warden module — the strategy's bit in the
 * guardian's per-strategy pause (`pauseStrategy(safe, index)`) — kept in the Store's meta so it never
 * changes. One process assigns one at a time; two instances on a shared store that assign at the
 * same instant can give two strategies the same index, which pauses both together (the safe side),
 * or overwrite each other's entry, so a strategy's later sessions get another index. Neither
 * weakens a kill switch: it pauses the index each revoked session's own grant carries (what the
 * module holds), never this map's. Indices are never freed.
 *
 * @param store - Where the indices are kept.
 * @returns The index lookup.
 * @throws {ConfigError} from `indexOf` when the Safe already has 64 strategies.
 * @example
 * const idx = await createSafeStrategyIndices(store).indexOf("nba-mm"); // 0 for the Safe's first strategy
 */
export function createSafeStrategyIndices(store: Pick<Store, "getMeta" | "setMeta">): SafeStrategyIndices {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, number>> => JSON.parse((await store.getMeta(META_KEY)) ?? "{}") as Record<string, number>;
  return {
    indexOf(strategyId) {
      const next = queue.then(async () => {
        const map = await read();
        if (Object.hasOwn(map, strategyId)) return map[strategyId] as number;
        const used = new Set(Object.values(map));
        let index = 0;
        while (used.has(index)) index++;
        if (index >= MAX_SAFE_STRATEGIES)
          throw new ConfigError({ subject: "session request", problems: `✖ this Safe already has ${MAX_SAFE_STRATEGIES} strategies on the module (its per-strategy pause has 64 bits); reuse a strategy id` });
        await store.setMeta(META_KEY, JSON.stringify({ ...map, [strategyId]: index }));
        return index;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
