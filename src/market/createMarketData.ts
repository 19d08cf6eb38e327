import type { Logger } from "pino";
import { createClusterResolver, type ClusterResolver } from "./createClusterResolver.js";
import { createHttpMarketDataSource } from "./createHttpMarketDataSource.js";
import { createMarketSnapshotStore, type MarketSnapshotStore } from "./createMarketSnapshotStore.js";
import { loadFixtureMarketDataSource } from "./loadFixtureMarketDataSource.js";
import type { MarketDataConfig } from "./marketDataConfigSchema.js";
import type { MarketDataSource } from "./types.js";

/** Parameters of {@link createMarketData}. */
export type CreateMarketDataParameters = {
  /** Output of `marketDataConfigSchema.parse(...)`. */
  config: MarketDataConfig;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  logger?: Logger;
};

/** The wired market data layer. */
export type CreateMarketDataReturnType = {
  /** The async port (HTTP or fixture), for off-path use. */
  source: MarketDataSource;
  /** The in-memory store guards read on the signing path (not started). */
  store: MarketSnapshotStore;
  /** token → condition → cluster, over the store. */
  clusters: ClusterResolver;
};

/**
 * Builds the market data layer from its validated config: the source the config names, the
 * snapshot store over it and the cluster resolver over the store. The caller tracks ids and
 * calls `store.start()` (and `store.stop()` on shutdown).
 *
 * @param parameters - `{ config, now?, fetch?, logger? }`.
 * @returns `{ source, store, clusters }`.
 *
 * @example
 * ```ts
 * const { store, clusters } = await createMarketData({ config: marketDataConfigSchema.parse({}) });
 * store.track({ tokenIds: [tokenId], wallets: [wallet] });
 * await store.refreshNow();
 * store.start();
 * ```
 */
export async function createMarketData({ config, now = Date.now, fetch, logger }: CreateMarketDataParameters): Promise<CreateMarketDataReturnType> {
  const freshness = { maxBookAgeMs: config.maxBookAgeMs, maxClockSkewMs: config.maxClockSkewMs, now };
  const source =
    config.source.kind === "fixture"
      ? await loadFixtureMarketDataSource({ path: config.source.path, ...freshness })
      : createHttpMarketDataSource({ ...config.source, ...freshness, fetch, logger });
  const store = createMarketSnapshotStore({
    source,
    refreshIntervalMs: config.refreshIntervalMs,
    maxAgeMs: { ...config.maxAgeMs, book: config.maxAgeMs.book ?? config.maxBookAgeMs },
    now,
    logger,
  });
  const clusters = createClusterResolver({ assignments: config.clusters, getMarketByTokenId: (tokenId) => store.getMarketByTokenId(tokenId) });
  return { source, store, clusters };
}
