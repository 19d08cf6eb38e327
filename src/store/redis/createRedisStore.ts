import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Address } from "viem";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import type { Store } from "../Store";
import { checkRedisDurability } from "./checkRedisDurability";
import { createRedisCore } from "./createRedisCore";
import { openRedisClients } from "./openRedisClients";
import { plainCause } from "./plainCause";
import { redactRedisUrl } from "./redactRedisUrl";
import { bulkReadTimeoutOf } from "./redisBounds";
import { redisAuditLog } from "./redisAuditLog";
import { redisDecisions } from "./redisDecisions";
import { redisHealth } from "./redisHealth";
import { redisKeyspace } from "./redisKeyspace";
import { redisKillSwitches } from "./redisKillSwitches";
import { redisSealedKeys } from "./redisSealedKeys";
import { redisSessions } from "./redisSessions";
import { withTimeout } from "./withTimeout";

/** Options of the Redis store. */
export type RedisStoreParameters = {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`; never logged with its password. */
  url: string;
  /** The URL names one node of a Redis Cluster. */
  cluster?: boolean;
  /** The wallet and chain whose state this is: its keys carry `{warden:<chainId>:<wallet>}`. */
  chainId: number;
  wallet: Address;
  /** Bound on every Redis command (default 25 ms): a store step that takes longer is refused. */
  commandTimeoutMs?: number;
  /** How often the store checks Redis (and recovers once it answers again); default 200 ms. */
  probeIntervalMs?: number;
  /** Bound on connecting (default 1 s). */
  connectTimeoutMs?: number;
  /** Where state changes go, and the start-up warnings about Redis's durability settings (checked only when a logger is given). */
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** This instance's name in `CLIENT LIST` (default a random id). */
  instanceName?: string;
};

/** The Redis store, with a view of this instance's local state (the kill-switch propagation bench reads it). */
export type RedisStore = Store & {
  /** Calls `listener` whenever this instance's local kill epoch changes (its own changes, and others' as they arrive); returns the unsubscribe. */
  onLocalKillEpoch(listener: (epoch: number) => void): () => void;
};

/**
 * Opens the Redis store of one wallet: the state of several Warden instances shared through one
 * Redis (a primary, or a cluster: every key carries the wallet's hash tag, one slot). Decisions are
 * judged on this instance's mirror without a round trip; every write is one atomic Lua step that
 * re-checks what it depends on and appends to the SHA-256 audit chain (optimistic on the head),
 * batched with the writes made meanwhile. Redis unreachable, slow or erroring ⇒ every call is
 * refused with StoreUnavailableError within the command bound, and signing resumes by itself once
 * Redis answers again. A write whose outcome is unknown voids its intent. The store must have been
 * initialised ({@link initRedisStore}); missing data (no generation marker, a vanished structure)
 * refuses everything until an operator re-initialises. See README "Redis store (several instances)".
 *
 * The parts, one file each: the core (state, status, catch-up, writes: createRedisCore), sessions
 * (redisSessions), kill switches (redisKillSwitches), the decision step and exposure
 * (redisDecisions), the audit log and meta (redisAuditLog), sealed keys (redisSealedKeys), probe, pub/sub and health (redisHealth).
 *
 * @param params - URL, wallet and chain, timeouts.
 * @returns The open store.
 * @throws {StoreUnavailableError} when Redis is unreachable or holds no initialised store for the wallet.
 * @example
 * const store = await createRedisStore({ url: "redis://127.0.0.1:6379", chainId: 137, wallet })
 */
export async function createRedisStore(params: RedisStoreParameters): Promise<RedisStore> {
  const { url, chainId, wallet, logger } = params;
  const timeoutMs = params.commandTimeoutMs ?? 25;
  const probeIntervalMs = params.probeIntervalMs ?? 200;
  const openTimeoutMs = bulkReadTimeoutOf(timeoutMs);
  const keyspace = redisKeyspace({ chainId, wallet });
  const where = redactRedisUrl(url);
  let clients;
  try {
    clients = await openRedisClients({
      url,
      cluster: params.cluster ?? false,
      commandTimeoutMs: timeoutMs,
      connectTimeoutMs: params.connectTimeoutMs ?? 1_000,
      name: `warden:${params.instanceName ?? randomBytes(4).toString("hex")}`,
    });
  } catch (cause) {
    throw new StoreUnavailableError({ operation: "open", problem: `Redis at ${where} is unreachable`, cause: plainCause(cause) });
  }
  const { commands, events } = clients;
  try {
    if (logger) for (const fix of await checkRedisDurability(commands, openTimeoutMs)) logger.warn({ component: "store", redis: where, fix }, "Redis is not set up for durable decisions");
    const generation = await withTimeout(commands.get(keyspace.marker), openTimeoutMs, "GET");
    if (!generation)
      throw new StoreUnavailableError({
        operation: "open",
        problem: `Redis at ${where} holds no store for wallet ${wallet} on chain ${chainId} (no generation marker): initialise it once with \`warden store init\`; if it held one before, its data was lost (see README)`,
      });
    return await openGeneration(generation);
  } catch (cause) {
    commands.disconnect();
    events.disconnect();
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError({ operation: "open", problem: `Redis at ${where} could not be read`, cause: plainCause(cause) });
  }

  async function openGeneration(generation: string): Promise<RedisStore> {
    const core = await createRedisCore({ commands, events, keyspace, where, timeoutMs, ...(logger ? { logger } : {}) }, generation);
    const health = redisHealth(core, probeIntervalMs);
    await withTimeout(events.subscribe(keyspace.channel), openTimeoutMs, "SUBSCRIBE");
    // Anything appended between the load and the subscription.
    await core.queue.exclusive(core.catchUpNow);
    if (!core.openedBefore) await core.write("M", ["opened_at_ms", Date.now()], null, { type: "none" }, { operation: "open" });
    health.start();
    return {
      startup: async () => core.startup,
      async acknowledgeStartup() {
        core.assertHealthy("acknowledge");
      },
      ...redisSessions(core),
      ...redisKillSwitches(core),
      ...redisDecisions(core),
      ...redisAuditLog(core),
      ...redisSealedKeys(core),
      health: health.health,
      close: health.close,
    };
  }
}
