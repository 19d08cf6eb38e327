import { z } from "zod";
import { MarketDataConfigError } from "../errors/marketErrors.js";
import { UNASSIGNED_CLUSTER, type Hex, type MarketSnapshot, type SnapshotRead, type SnapshotUnavailableReason } from "./types.js";

/** Operator-assigned clusters: cluster id → the condition ids in it. */
export type ClusterAssignments = Readonly<Record<string, readonly string[]>>;

/** Parameters of {@link createClusterResolver}. */
export type CreateClusterResolverParameters = {
  /** Operator configuration; a condition may belong to one cluster at most. */
  assignments: ClusterAssignments;
  /** Token → market metadata, read from memory (e.g. the snapshot store's `getMarketByTokenId`). */
  getMarketByTokenId: (tokenId: string) => SnapshotRead<MarketSnapshot>;
};

/** Where a token belongs, or why that is unknown. */
export type TokenClusterLookup =
  | { readonly status: "ok"; readonly tokenId: string; readonly conditionId: Hex; readonly clusterId: string }
  | { readonly status: "unavailable"; readonly tokenId: string; readonly reason: SnapshotUnavailableReason; readonly lastError: Error | null };

/** The resolver. */
export type ClusterResolver = {
  /** The condition's cluster, or {@link UNASSIGNED_CLUSTER} when the operator assigned none. */
  clusterOfCondition(conditionId: string): string;
  /** token → condition (market metadata) → cluster; unavailable when the metadata is. */
  clusterOfToken(tokenId: string): TokenClusterLookup;
};

/** The resolver. */
export type CreateClusterResolverReturnType = ClusterResolver;

const assignmentsSchema = z.record(
  z
    .string()
    .min(1, "cluster ids must not be empty")
    .refine((id) => id !== UNASSIGNED_CLUSTER, `"${UNASSIGNED_CLUSTER}" is reserved for conditions without a cluster`),
  z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected bytes32 hex condition ids")),
);

/**
 * Maps token id → condition id (from market metadata) → cluster (operator-assigned). A condition
 * nobody assigned falls in {@link UNASSIGNED_CLUSTER}, a real bucket: ExposureGuard caps it like any
 * cluster, so unknown markets share one (conservative) budget rather than each getting a fresh one.
 * When a token's metadata is missing or stale, the lookup says so: a guard must fail closed.
 *
 * @param parameters - `{ assignments, getMarketByTokenId }`.
 * @returns The resolver.
 * @throws {MarketDataConfigError} When the assignments are malformed or put a condition in two clusters.
 *
 * @example
 * ```ts
 * const clusters = createClusterResolver({
 *   assignments: { "us-politics": ["0x847f0ba7d329a199b800fac0b2c78dd691c341464cdd3982ade30da80151093c"] },
 *   getMarketByTokenId: (tokenId) => store.getMarketByTokenId(tokenId),
 * });
 * clusters.clusterOfToken(tokenId); // { status: "ok", tokenId, conditionId, clusterId: "us-politics" }
 * ```
 */
export function createClusterResolver({
  assignments,
  getMarketByTokenId,
}: CreateClusterResolverParameters): CreateClusterResolverReturnType {
  const parsed = assignmentsSchema.safeParse(assignments);
  if (!parsed.success) throw new MarketDataConfigError({ field: "clusters", details: z.prettifyError(parsed.error) });
  const clusterOf = new Map<string, string>();
  for (const [clusterId, conditionIds] of Object.entries(parsed.data)) {
    for (const conditionId of conditionIds) {
      const key = conditionId.toLowerCase();
      const existing = clusterOf.get(key);
      if (existing !== undefined && existing !== clusterId) {
        throw new MarketDataConfigError({ field: `clusters.${clusterId}`, details: `condition ${key} is already in cluster ${existing}` });
      }
      clusterOf.set(key, clusterId);
    }
  }

  const clusterOfCondition = (conditionId: string): string => clusterOf.get(conditionId.toLowerCase()) ?? UNASSIGNED_CLUSTER;

  return {
    clusterOfCondition,
    clusterOfToken(tokenId) {
      const read = getMarketByTokenId(tokenId);
      if (read.status === "unavailable") return { status: "unavailable", tokenId, reason: read.reason, lastError: read.lastError };
      const { conditionId } = read.snapshot;
      return { status: "ok", tokenId, conditionId, clusterId: clusterOfCondition(conditionId) };
    },
  };
}
