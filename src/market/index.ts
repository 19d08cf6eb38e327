/** Market data: the port, its HTTP and fixture adapters, the off-path snapshot store, clusters (the order-status watcher is a job: src/jobs). */
export * from "./types.js";
export * from "../errors/marketErrors.js";
export { classifyClobOrder, CANCELLED_STATUSES, type ClobOrderClassification, type OrderStatusKeepCode } from "./classifyClobOrder.js";
export { clobCredentialPatterns } from "./clobCredentialPatterns.js";
export { clobOpenOrderSchema, type ClobOpenOrder } from "./clobOpenOrderSchema.js";
export { createClobL2Headers, type ClobApiCredentials, type ClobL2Headers, type CreateClobL2HeadersParameters } from "./createClobL2Headers.js";
export { createClobOrderStatusSource, type ClobOrderStatusSource, type CreateClobOrderStatusSourceParameters } from "./createClobOrderStatusSource.js";
export { orderHashOfIntent } from "./orderHashOfIntent.js";
export { orderStatusConfigSchema, type OrderStatusConfig } from "./orderStatusConfigSchema.js";
export { assertBookFresh, type AssertBookFreshParameters } from "./assertBookFresh.js";
export { clobBookSchema, type ClobBook } from "./clobBookSchema.js";
export { createClusterResolver, type ClusterAssignments, type ClusterResolver, type CreateClusterResolverParameters, type TokenClusterLookup } from "./createClusterResolver.js";
export { createFixtureMarketDataSource, type CreateFixtureMarketDataSourceParameters } from "./createFixtureMarketDataSource.js";
export { createHttpMarketDataSource, type CreateHttpMarketDataSourceParameters, type CreateHttpMarketDataSourceReturnType, type HttpMarketDataTtls } from "./createHttpMarketDataSource.js";
export { createMarketData, type CreateMarketDataParameters, type CreateMarketDataReturnType } from "./createMarketData.js";
export {
  createMarketSnapshotStore,
  type CreateMarketSnapshotStoreParameters,
  type MarketSnapshotKind,
  type MarketSnapshotRefreshReport,
  type MarketSnapshotStore,
  type MarketSnapshotTimings,
  type MarketSnapshotTracking,
} from "./createMarketSnapshotStore.js";
export { createTtlCache, type CreateTtlCacheParameters, type TtlCache } from "./createTtlCache.js";
export { dataPositionSchema, type DataPosition } from "./dataPositionSchema.js";
export { fetchJson, type FetchJsonParameters } from "./fetchJson.js";
export { gammaMarketSchema, type GammaMarket } from "./gammaMarketSchema.js";
export { hoursToResolution, type HoursToResolutionParameters } from "./hoursToResolution.js";
export { loadFixtureMarketDataSource, type LoadFixtureMarketDataSourceParameters } from "./loadFixtureMarketDataSource.js";
export { marketDataConfigSchema, type MarketDataConfig } from "./marketDataConfigSchema.js";
export { marketFixturesSchema, type MarketFixtures } from "./marketFixturesSchema.js";
export { parseClobBook, type ParseClobBookParameters } from "./parseClobBook.js";
export { parseDataPositions, type ParseDataPositionsParameters } from "./parseDataPositions.js";
export { parseGammaMarket, type ParseGammaMarketParameters } from "./parseGammaMarket.js";
export { parseMarketKey, type MarketKeyKind, type ParseMarketKeyParameters } from "./parseMarketKey.js";
export { toMicros, type ToMicrosParameters } from "./toMicros.js";
