import type { Address } from "viem";

/** Where one wallet's state lives in Redis. */
export type RedisKeyspace = {
  /** `{warden:<chain>:<wallet>}`: the hash tag every key carries, so one wallet is one cluster slot. */
  tag: string;
  /** The generation marker: which generation of keys is current (absent: nothing is). */
  marker: string;
  /** Pub/sub channel announcing every new audit head (`<generation> <seq>`). */
  channel: string;
  /**
   * The hash of sealed key blobs (`<tag>:sealed`, one field per name). Outside every generation:
   * a re-initialisation keeps the keys sessions are signed with (the deposit wallet's authorised
   * session signer stays the same); a data loss loses them with the rest, and nothing signs.
   */
  sealed: string;
  /** The key prefix of one generation: `<tag>:<generation>`. */
  prefix(generation: string): string;
};

/**
 * The keys of one wallet's store. Every key starts with the wallet's hash tag, so each script
 * touches a single slot on Redis Cluster as on a single primary; the keys of one generation share
 * a prefix, so an explicit re-initialisation starts from nothing without deleting the old keys.
 *
 * @param params.chainId - The chain the wallet signs for.
 * @param params.wallet - The wallet address (case-insensitive).
 * @returns The keyspace.
 * @example
 * redisKeyspace({ chainId: 137, wallet: "0xAbC…" }).marker // "{warden:137:0xabc…}:gen"
 */
export function redisKeyspace({ chainId, wallet }: { chainId: number; wallet: Address | string }): RedisKeyspace {
  const tag = `{warden:${chainId}:${wallet.toLowerCase()}}`;
  return { tag, marker: `${tag}:gen`, channel: `${tag}:events`, sealed: `${tag}:sealed`, prefix: (generation) => `${tag}:${generation}` };
}
