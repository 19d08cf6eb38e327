import { Cluster, Redis, type RedisOptions } from "ioredis";
import { clientBackstopOf } from "./redisBounds";

/** A Redis client: one primary, or a cluster (commands for one slot share one connection). */
export type RedisClient = Redis | Cluster;

/** The connections of one store: commands, and pub/sub apart (a subscribed connection runs nothing else). */
export type RedisClients = { commands: RedisClient; events: RedisClient };

/** How to reach Redis. */
export type RedisConnectionParameters = {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** The URL names one node of a Redis Cluster (the others are discovered). */
  cluster: boolean;
  /** Every command's bound (the store enforces it, and its longer bulk-read bound, on each call itself; ioredis gets a backstop above both). */
  commandTimeoutMs: number;
  /** Bound on connecting, at open and on every reconnect. */
  connectTimeoutMs: number;
  /** Shown in `CLIENT LIST` (e.g. `warden:<instance>`). */
  name: string;
};

/**
 * The client options that make a Redis fault a fast, certain refusal instead of a queue that
 * replays later (research note §3): no offline queue (a command while disconnected fails at once),
 * no retry of a command whose connection dropped and no resend of unanswered commands after a
 * reconnect (ioredis#2130: a write the caller saw time out must never land later), a command
 * timeout, and reconnects every ≤ 0.5 s so that signing resumes by itself once Redis is back.
 */
function safeOptions(p: RedisConnectionParameters, role: "commands" | "events"): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: true,
    commandTimeout: clientBackstopOf(p.commandTimeoutMs),
    connectTimeout: p.connectTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
    enableReadyCheck: true,
    connectionName: `${p.name}:${role}`,
    keepAlive: 10_000,
    noDelay: true,
  };
}

/** The URL's parts for a cluster's seed node (ioredis takes a URL for one primary only). */
function clusterSeed(url: string): { host: string; port: number; options: RedisOptions } {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    options: {
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    },
  };
}

function open(p: RedisConnectionParameters, role: "commands" | "events"): RedisClient {
  const options = safeOptions(p, role);
  if (!p.cluster) return new Redis(p.url, options);
  const seed = clusterSeed(p.url);
  return new Cluster([{ host: seed.host, port: seed.port }], {
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    maxRedirections: 4,
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    clusterRetryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
    redisOptions: { ...options, ...seed.options },
  });
}

/**
 * Opens the store's two connections and waits until both are ready.
 *
 * @param params - URL, cluster or not, timeouts, connection name.
 * @returns The connected clients.
 * @throws whatever connecting threw (the store turns it into a StoreUnavailableError).
 * @example
 * const { commands, events } = await openRedisClients({ url: "redis://127.0.0.1:6379", cluster: false, commandTimeoutMs: 25, connectTimeoutMs: 1000, name: "warden" })
 */
export async function openRedisClients(params: RedisConnectionParameters): Promise<RedisClients> {
  const commands = open(params, "commands");
  const events = open(params, "events");
  // Errors surface through the commands that fail; without a listener ioredis would print them.
  for (const c of [commands, events]) c.on("error", () => {});
  try {
    await Promise.all([commands.connect(), events.connect()]);
  } catch (cause) {
    commands.disconnect();
    events.disconnect();
    throw cause;
  }
  return { commands, events };
}
