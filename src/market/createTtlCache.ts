/** Parameters of {@link createTtlCache}. */
export type CreateTtlCacheParameters = {
  /** How long a loaded value is served without reloading, in ms; 0 disables caching. */
  ttlMs: number;
  /** Oldest entries are dropped beyond this many. */
  maxEntries?: number;
  now?: () => number;
};

/** Counters for tests and metrics. */
export type TtlCacheStats = { hits: number; misses: number };

/** A small TTL cache of successful loads; failures are never cached. */
export type TtlCache<TValue> = {
  /**
   * The cached value while younger than the TTL, otherwise the result of `load` (concurrent
   * callers of the same key share one load). A failed load is rethrown and not remembered.
   */
  getOrLoad(key: string, load: () => Promise<TValue>): Promise<TValue>;
  /** Stores a value loaded elsewhere (e.g. a market found by token, stored under its condition). */
  set(key: string, value: TValue): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
  readonly stats: Readonly<TtlCacheStats>;
};

/** The cache. */
export type CreateTtlCacheReturnType<TValue> = TtlCache<TValue>;

/**
 * Creates an in-memory TTL cache with in-flight de-duplication. Entries carry their own
 * `fetchedAtMs` in the snapshot, so a cache hit never makes data look younger than it is.
 *
 * @param parameters - `{ ttlMs, maxEntries?, now? }` (`maxEntries` defaults to 10,000).
 * @returns The cache.
 *
 * @example
 * ```ts
 * const cache = createTtlCache<number>({ ttlMs: 1_000 });
 * await cache.getOrLoad("a", async () => 1); // loads
 * await cache.getOrLoad("a", async () => 2); // 1, from cache
 * ```
 */
export function createTtlCache<TValue>({
  ttlMs,
  maxEntries = 10_000,
  now = Date.now,
}: CreateTtlCacheParameters): CreateTtlCacheReturnType<TValue> {
  const entries = new Map<string, { value: TValue; storedAtMs: number }>();
  const inFlight = new Map<string, Promise<TValue>>();
  const stats: TtlCacheStats = { hits: 0, misses: 0 };

  function set(key: string, value: TValue): void {
    if (ttlMs <= 0) return;
    entries.delete(key);
    entries.set(key, { value, storedAtMs: now() });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
  }

  return {
    async getOrLoad(key, load) {
      const entry = entries.get(key);
      if (entry !== undefined && now() - entry.storedAtMs < ttlMs) {
        stats.hits += 1;
        return entry.value;
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) {
        stats.hits += 1;
        return pending;
      }
      stats.misses += 1;
      entries.delete(key);
      const loading = load().then(
        (value) => {
          inFlight.delete(key);
          set(key, value);
          return value;
        },
        (error: unknown) => {
          inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, loading);
      return loading;
    },
    set,
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
    stats,
  };
}
