import { StoreUnavailableError } from "../errors/StoreUnavailableError";
import type { Store } from "../store/Store";

/**
 * Throws when the store cannot be trusted now: a use case that would change state refuses before
 * it starts (fail closed), not halfway through.
 *
 * @throws {StoreUnavailableError} with the store's own account of the problem.
 * @example
 * await requireHealthyStore(store)
 */
export async function requireHealthyStore(store: Store): Promise<void> {
  const health = await store.health();
  if (!health.ok) throw new StoreUnavailableError({ operation: "health", problem: health.problem });
}
