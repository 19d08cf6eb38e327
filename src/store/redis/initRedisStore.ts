import { randomBytes } from "node:crypto";
import type { Address } from "viem";
import type { KillSwitchRecord } from "../../core/SessionRecord";
import { toJson } from "../../core/toJson";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { AUDIT_GENESIS_HASH } from "../auditHash";
import { nextAuditRecord } from "../nextAuditRecord";
import { openRedisClients } from "./openRedisClients";
import { plainCause } from "./plainCause";
import { redactRedisUrl } from "./redactRedisUrl";
import { REDIS_SCRIPTS } from "./redisScripts";
import { redisKeyspace } from "./redisKeyspace";
import { withTimeout } from "./withTimeout";

/** Options of {@link initRedisStore}. */
export type InitRedisStoreParameters = {
  url: string;
  cluster?: boolean;
  chainId: number;
  wallet: Address;
  /**
   * `new`: the wallet has no store in this Redis yet (refused if it has one). `reinitialise`:
   * start over after a data loss (FLUSHALL, a restart without persistence, an evicted key) — the
   * new generation's first audit record arms the global kill switch, so nothing is signed until
   * an operator has checked the wallet's open orders and disarms it.
   */
  mode: "new" | "reinitialise";
  /** Who initialises and why: kept in the generation's head (and, re-initialising, in its first audit record). */
  actor: string;
  reason: string;
  now?: () => number;
  timeoutMs?: number;
};

/** What {@link initRedisStore} did. */
export type InitRedisStoreResult = {
  generation: string;
  /** The generation it replaced (its keys stay in Redis, unread, until an operator deletes them). */
  previous: string | null;
  killSwitchArmed: boolean;
};

/**
 * Initialises a wallet's Redis store: the explicit operator step without which no instance opens
 * it. The store's keys belong to a generation named by the wallet's marker key; every script
 * refuses when the marker is missing or names another generation, so data that vanished never
 * reads as "not killed", "not revoked" or "nothing spent" — it reads as nothing at all, until
 * someone runs this. Running instances follow a re-initialisation by loading the new generation.
 *
 * @param params - Where, which wallet, `new` or `reinitialise`, who and why.
 * @returns The new generation.
 * @throws {InvalidParameterError} for `new` when the wallet already has a store.
 * @throws {StoreUnavailableError} when Redis cannot be reached.
 * @example
 * await initRedisStore({ url, chainId: 137, wallet, mode: "new", actor: "ops", reason: "first start" })
 */
export async function initRedisStore(params: InitRedisStoreParameters): Promise<InitRedisStoreResult> {
  const keyspace = redisKeyspace({ chainId: params.chainId, wallet: params.wallet });
  const timeoutMs = params.timeoutMs ?? 2_000;
  const now = (params.now ?? Date.now)();
  let clients;
  try {
    clients = await openRedisClients({ url: params.url, cluster: params.cluster ?? false, commandTimeoutMs: timeoutMs, connectTimeoutMs: timeoutMs, name: "warden:init" });
  } catch (cause) {
    throw new StoreUnavailableError({ operation: "init", problem: `Redis at ${redactRedisUrl(params.url)} is unreachable`, cause: plainCause(cause) });
  }
  try {
    const generation = `${now.toString(36)}${randomBytes(6).toString("hex")}`;
    const prefix = keyspace.prefix(generation);
    const info = toJson({ mode: params.mode, actor: params.actor, reason: params.reason, at_ms: now });
    const args: Array<string | number> = [generation, prefix, params.mode, info, AUDIT_GENESIS_HASH];
    const rearm = params.mode === "reinitialise";
    if (rearm) {
      const kill: KillSwitchRecord = { scope: "global", target: "*", armed: true, changed_at_ms: now, actor: params.actor, reason: `store re-initialised: ${params.reason}` };
      const payload = { reason_code: "KILL_SWITCH_ACTIVE", scope: "global", target: "*", armed: true, actor: params.actor, reason: kill.reason, revoked_sessions: [], cause: "store_reinitialised", generation };
      const record = nextAuditRecord({ seq: 0, hash: AUDIT_GENESIS_HASH }, { at_ms: now, kind: "kill_switch", payload_json: toJson(payload) });
      args.push(record.at_ms, record.kind, record.payload_json, record.hash, "global:*", toJson(kill));
    }
    const script = REDIS_SCRIPTS.init;
    const reply = (await withTimeout(clients.commands.eval(script.lua, 1, keyspace.marker, ...args), timeoutMs, "init")) as string[];
    if (reply[0] === "exists")
      throw new InvalidParameterError({
        field: "mode",
        fix: `The wallet already has a store in this Redis (generation ${reply[1]}). To start over after a data loss, re-initialise it (warden store init --reinitialise).`,
      });
    return { generation, previous: reply[1] || null, killSwitchArmed: rearm };
  } catch (cause) {
    if (cause instanceof InvalidParameterError || cause instanceof StoreUnavailableError) throw cause;
    throw new StoreUnavailableError({ operation: "init", problem: `Redis at ${redactRedisUrl(params.url)} could not be initialised`, cause: plainCause(cause) });
  } finally {
    clients.commands.disconnect();
    clients.events.disconnect();
  }
}
