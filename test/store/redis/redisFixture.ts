import { randomBytes } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { type Address, getAddress } from "viem";
import { createRedisStore, type RedisStore, type RedisStoreParameters } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { redisKeyspace } from "../../../src/store/redis/redisKeyspace";
import type { OpenStoreFixture } from "../storeContract";

/** A wallet nobody else's test uses: a fresh keyspace on a shared server. */
export const freshWallet = (): Address => getAddress(`0x${randomBytes(20).toString("hex")}`);

/** The keys of a wallet's current generation (for sabotage). */
export async function generationKeys(admin: Redis | Cluster, chainId: number, wallet: Address): Promise<{ marker: string; prefix: string; generation: string }> {
  const ks = redisKeyspace({ chainId, wallet });
  const generation = (await admin.get(ks.marker)) as string;
  return { marker: ks.marker, prefix: ks.prefix(generation), generation };
}

/** Rewrites a wallet's audit stream with `edit` applied to its entries (an attacker with the server). */
export async function rewriteAudit(admin: Redis | Cluster, streamKey: string, edit: (entries: Array<[string, string[]]>) => Array<[string, string[]]>): Promise<void> {
  const entries = (await admin.xrange(streamKey, "-", "+")) as Array<[string, string[]]>;
  const edited = edit(entries);
  await admin.del(streamKey);
  // Reordered entries keep their ids' order (a stream only grows), so each entry keeps its slot.
  for (const [id, fields] of edited) await admin.xadd(streamKey, id, ...fields);
}

/** Replaces one field of a stream entry's field list. */
export const withField = (fields: string[], name: string, value: string): string[] => fields.map((v, i) => (i > 0 && fields[i - 1] === name && i % 2 === 1 ? value : v));

/**
 * Redis stores on a fresh wallet keyspace of a shared server: initialised (`new`), reopened by a
 * new store over the same keys, tampered with by rewriting the audit stream behind the store's
 * back. `capacityBytes` caps the server's memory (noeviction) that far above what it uses now.
 */
export const redisFixture =
  (url: () => string, admin: () => Redis | Cluster, extra: Partial<RedisStoreParameters> = {}): OpenStoreFixture =>
  async ({ capacityBytes } = {}) => {
    const wallet = freshWallet();
    const chainId = 137;
    await initRedisStore({ url: url(), chainId, wallet, mode: "new", actor: "test", reason: "contract fixture", ...(extra.cluster ? { cluster: true } : {}) });
    // A generous command bound: the contract is not about timeouts (a loaded CI machine must not fail it).
    const open = () => createRedisStore({ url: url(), chainId, wallet, commandTimeoutMs: 1_000, ...extra });
    let current: RedisStore = await open();
    // Every primary (a cluster's), each capped that far above what it holds now — once the store is
    // open, so that its own start (connections, its first write) is not what runs out of room.
    const a = admin();
    const primaries: Redis[] = "nodes" in a ? a.nodes("master") : [a];
    let capped = false;
    const uncap = async () => {
      if (capped) for (const node of primaries) await node.config("SET", "maxmemory", "0");
      capped = false;
    };
    if (capacityBytes !== undefined) {
      capped = true;
      try {
        for (const node of primaries) {
          const used = Number(/used_memory:(\d+)/.exec((await node.info("memory")) as string)?.[1]);
          await node.config("SET", "maxmemory", String(used + capacityBytes));
        }
      } catch (e) {
        await uncap();
        throw e;
      }
    }
    return {
      store: current,
      async reopen() {
        await current.close();
        current = await open();
        return current;
      },
      async tamper(seq, change) {
        await current.close();
        const { prefix } = await generationKeys(admin(), chainId, wallet);
        const stream = `${prefix}:a`;
        if (change === "remove") await admin().xdel(stream, `0-${seq}`);
        else await rewriteAudit(admin(), stream, (es) => es.map(([id, f]) => [id, id === `0-${seq}` ? withField(f, "p", change.payload_json) : f]));
        current = await open();
        return current;
      },
      async cleanup() {
        await uncap();
        await current.close();
      },
    };
  };
