import type { RedisClient } from "./openRedisClients";
import { withTimeout } from "./withTimeout";

/** The server settings the Redis store's guarantees rest on, and why. */
const REQUIRED = [
  ["appendonly", "yes", "without the append-only file a restart loses everything since the last snapshot"],
  ["appendfsync", "always", "only `always` syncs a write before Redis acknowledges it: `everysec` may lose the last second of decisions"],
  ["maxmemory-policy", "noeviction", "any other policy may evict a session, a spent budget or the audit log; noeviction refuses the write instead"],
  [
    "aof-load-truncated",
    "no",
    "with yes, a Redis killed while writing a transaction loads the cut file anyway and keeps the half-written MULTI (seen on 7.0.15): at the next restart the first commit acknowledged after the crash is lost and part of the unacknowledged one is applied; with no, Redis refuses to start until redis-check-aof --fix <dir>/appendonlydir/appendonly.aof.manifest cuts the file before that transaction",
  ],
] as const;

/**
 * Reads the durability settings of every primary (`CONFIG GET`) and says which fall short of
 * what the store needs. A server that refuses `CONFIG` (managed Redis often does) gets one warning
 * asking the operator to check by hand.
 *
 * @param client - The commands connection.
 * @param timeoutMs - Bound on each command.
 * @returns One sentence per problem (empty: all set).
 * @example
 * for (const w of await checkRedisDurability(client, 1000)) logger.warn({ fix: w }, "Redis durability")
 */
export async function checkRedisDurability(client: RedisClient, timeoutMs: number): Promise<string[]> {
  const nodes = "nodes" in client ? client.nodes("master") : [client];
  const problems = new Set<string>();
  for (const node of nodes) {
    for (const [name, wanted, why] of REQUIRED) {
      let value: string | undefined;
      try {
        const reply = (await withTimeout(node.config("GET", name), timeoutMs, "CONFIG GET")) as string[];
        value = reply[1];
      } catch {
        problems.add("CONFIG GET is refused by this Redis: check by hand that appendonly is yes, appendfsync always, maxmemory-policy noeviction and aof-load-truncated no");
        continue;
      }
      if (value !== wanted) problems.add(`${name} is ${value ?? "unset"}, should be ${wanted}: ${why}`);
    }
  }
  return [...problems];
}
