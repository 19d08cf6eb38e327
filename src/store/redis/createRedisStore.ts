import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Address, Hex } from "viem";
import type { ExposureReader } from "../../core/exposure";
import type { PendingGrant } from "../../core/SessionRecord";
import { toJson } from "../../core/toJson";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import { SessionGrantError } from "../../errors/SessionGrantError";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { decisionAuditPayload } from "../decisionAuditPayload";
import { sessionScopeFromJson } from "../../core/sessionScopeFromJson";
import type { AuditInput, AuditRecord, AuditVerification, Store, StoreGauge, StoreStartup, StoredDecision } from "../Store";
import { verifyAuditChain } from "../verifyAuditChain";
import { checkRedisDurability } from "./checkRedisDurability";
import type { RedisFailure } from "./classifyRedisFailure";
import { effectOf, type MirrorEffect, parseStreamEntry, type RedisMirror, storedDecisionOf } from "./createRedisMirror";
import { createRedisWriteQueue, type WriteEntry, type WriteEntryType, type WriteOutcome } from "./createRedisWriteQueue";
import { createScriptRunner } from "./createScriptRunner";
import { loadRedisMirror } from "./loadRedisMirror";
import { openRedisClients } from "./openRedisClients";
import { plainCause } from "./plainCause";
import { redactRedisUrl } from "./redactRedisUrl";
import type { RedisScriptName } from "./redisScripts";
import { redisKeyspace } from "./redisKeyspace";
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

/** Meta keys the store keeps for itself. */
const RESERVED_META = new Set(["opened_at_ms"]);
/** The open's bulk reads (sessions, idempotency keys, the exposure window) get at least this bound. */
const OPEN_TIMEOUT_MS = 2_000;
const MAX_RETRIES = 8;

const uncertainProblem =
  "an earlier commit of this intent got no answer from Redis in time, so whether it landed is unknown: the intent is never signed (sign a new order)";

/**
 * Opens the Redis store of one wallet: the state of several Warden instances shared through one
 * Redis (a primary, or a cluster: every key carries the wallet's hash tag, one slot). Decisions are
 * judged on this instance's mirror without a round trip; every write is one atomic Lua step that
 * re-checks what it depends on and appends to the SHA-256 audit chain (optimistic on the head),
 * batched with the writes made meanwhile. Redis unreachable, slow or erroring ⇒ every call is
 * refused with StoreUnavailableError within the command bound, and signing resumes by itself once
 * Redis answers again. A write whose outcome is unknown voids its intent. The store must have been
 * initialised ({@link initRedisStore}); missing data (no generation marker, a vanished structure)
 * refuses everything until an operator re-initialises. See README "Several instances on one Redis".
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
  const openTimeoutMs = Math.max(OPEN_TIMEOUT_MS, timeoutMs * 40);
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

  async function openGeneration(firstGeneration: string): Promise<RedisStore> {
    const runner = createScriptRunner({ client: commands, marker: keyspace.marker, timeoutMs });
    let generation = firstGeneration;
    const run = (name: RedisScriptName, args: ReadonlyArray<string | number>, bound?: number) =>
      runner.run(name, [generation, keyspace.prefix(generation), ...args], bound);
    const reply = async (name: RedisScriptName, args: ReadonlyArray<string | number>, bound?: number): Promise<unknown[]> => {
      const r = (await run(name, args, bound).reply) as unknown[];
      if (r[0] === "gen" || r[0] === "lost") {
        onRefused(r);
        throw unavailable();
      }
      return r;
    };
    const load = async (gen: string) =>
      loadRedisMirror({
        generation: gen,
        prefix: keyspace.prefix(gen),
        markerKey: keyspace.marker,
        client: commands,
        run: async (name, args, bound) => {
          const r = (await runner.run(name, [gen, keyspace.prefix(gen), ...args], bound).reply) as unknown[];
          if (r[0] !== "ok") throw new StoreUnavailableError({ operation: "open", problem: `the store's ${r[0] === "lost" ? String(r[1]) : "generation marker"} is missing: its data was lost; re-initialise it (warden store init)` });
          return r;
        },
        timeoutMs: openTimeoutMs,
      });

    const loaded = await load(generation);
    let mirror: RedisMirror = loaded.mirror;
    let voided = loaded.voided;
    let clockOffsetMs = loaded.clockOffsetMs;
    const startup: StoreStartup = { previous_run: loaded.openedBefore ? "clean" : "none", decisions_may_be_lost: false };
    // Intents whose commit got no answer in time, until their void marker is in Redis.
    const uncertain = new Map<string, { sessionId: Hex; intentId: string }>();
    // The newest seq known to be in Redis (acknowledged: durable at appendfsync always).
    let durableSeq = mirror.head.seq;
    let status: "ok" | "unavailable" | "lost" | "closed" = "ok";
    let problem = "";
    let writeRefused = false;
    let reloading: Promise<void> | null = null;
    const killListeners = new Set<(epoch: number) => void>();
    let lastEpoch = mirror.epoch;

    const unavailable = (operation = "redis") => new StoreUnavailableError({ operation, problem: problem || "the Redis store is unavailable" });
    const assertHealthy = (operation = "redis") => {
      if (status !== "ok") throw unavailable(operation);
    };
    const markUnavailable = (why: string, refusedWrite: boolean) => {
      if (refusedWrite) writeRefused = true;
      if (status !== "ok") return;
      status = "unavailable";
      problem = `Redis at ${where} is unreachable, slow or refusing writes (${why}): every request is denied until it answers again`;
      logger?.warn({ component: "store", redis: where, cause: why }, "Redis store unavailable: denying every request");
    };
    function markLost(why: string): void {
      if (status === "closed") return;
      if (status !== "lost") logger?.error({ component: "store", redis: where, cause: why, fix: "re-initialise the store (warden store init --reinitialise)" }, "Redis store data lost: denying every request");
      status = "lost";
      problem = `${why}; nothing is signed until an operator re-initialises the store (warden store init --reinitialise)`;
    }
    // A script refused: the generation marker is missing or names another generation, or a
    // structure of this generation vanished.
    function onRefused(r: unknown[]): void {
      if (status === "closed") return;
      if (r[0] === "lost") {
        const what = String(r[1]);
        markLost(`the store's ${what} is missing: its data was lost`);
        // Every instance refuses from now on, not only this one (best effort: Redis may be gone).
        run("poison", [what]).reply.catch(() => undefined);
        return;
      }
      const marker = String(r[1] ?? "");
      if (marker === "") return markLost("the store's generation marker is missing: its data was lost (FLUSHALL, a restart without persistence, or eviction)");
      if (marker.startsWith("lost:")) return markLost(`an instance found the store's data incomplete (${marker.split(":").slice(2).join(":")} missing)`);
      if (marker === generation) return;
      // An operator re-initialised the store: follow it onto its new generation.
      if (status !== "lost") logger?.warn({ component: "store", generation: marker }, "the Redis store was re-initialised: loading the new generation");
      status = "lost";
      problem = "the store was re-initialised by an operator: loading its new state";
      void reload(marker);
    }
    const notifyKill = () => {
      if (mirror.epoch === lastEpoch) return;
      lastEpoch = mirror.epoch;
      for (const l of killListeners) l(lastEpoch);
    };
    const serverDeadline = () => Date.now() + clockOffsetMs + timeoutMs;
    const refusal = (failure: RedisFailure, operation: string) => new StoreUnavailableError({ operation, problem: problem || "the Redis store is unavailable", cause: plainCause(failure.cause) });

    // Catch-up: replays what other instances appended after the mirror's head, in order. Runs only
    // while no batch is in flight (inside the queue's turn), so the head it starts from is the one
    // the next batch chains on.
    async function catchUpNow(): Promise<void> {
      for (;;) {
        const r = await reply("tail", [mirror.head.seq, 512]);
        const [, seq, , epoch, xver, page] = r as [string, string, string, string, string, unknown[]];
        if (Number(seq) < mirror.head.seq) {
          markLost(`Redis's audit head (${seq}) is behind records it acknowledged (${mirror.head.seq})`);
          throw unavailable();
        }
        durableSeq = Math.max(durableSeq, Number(seq));
        for (const e of page) {
          const rec = parseStreamEntry(e);
          mirror.apply(rec.record, effectOf(rec));
        }
        notifyKill();
        if (mirror.head.seq >= Number(seq)) {
          // The mirror replayed the log up to Redis's head: it must agree with what Redis counted.
          if (mirror.epoch !== Number(epoch) || mirror.xver - mirror.speculativeClaims !== Number(xver)) {
            markLost(`the instance's state disagrees with the audit log (kill epoch ${mirror.epoch} vs ${epoch}, exposure version ${mirror.xver - mirror.speculativeClaims} vs ${xver})`);
            throw unavailable();
          }
          return;
        }
        if (page.length === 0) return;
      }
    }

    const queue = createRedisWriteQueue({
      mirror: () => mirror,
      send: (argv) => run("commit", argv),
      deadline: serverDeadline,
      channel: keyspace.channel,
      catchUp: catchUpNow,
      healthy: () => status === "ok",
      events: {
        refused: onRefused,
        lost: markLost,
        unavailable: (why, refusedWrite) => markUnavailable(why, refusedWrite),
        uncertain: (entry) => {
          if (entry.effect.type !== "decision") return;
          const { session_id, intent_id } = entry.effect.stored;
          uncertain.set(`${session_id}|${intent_id}`, { sessionId: session_id, intentId: intent_id });
        },
      },
    });

    async function reload(marker: string): Promise<void> {
      reloading ??= (async () => {
        try {
          const next = await load(marker);
          generation = marker;
          mirror = next.mirror;
          voided = next.voided;
          clockOffsetMs = next.clockOffsetMs;
          durableSeq = mirror.head.seq;
          uncertain.clear();
          writeRefused = false;
          lastEpoch = -1;
          notifyKill();
          if (status === "lost") {
            status = "ok";
            problem = "";
          }
        } catch {
          // The next probe tries again.
        } finally {
          reloading = null;
        }
      })();
      return reloading;
    }

    // Writes: one entry each, through the queue; resolves with how the commit ended.
    function write(
      type: WriteEntryType,
      fields: Array<string | number>,
      input: { at_ms: number; kind: AuditInput["kind"]; payload_json: string } | null,
      effect: MirrorEffect,
      options: { undo?: () => void; alone?: boolean; operation: string } = { operation: "commit" },
    ): Promise<WriteOutcome> {
      return new Promise<WriteOutcome>((resolve, reject) => {
        const entry: WriteEntry = {
          type,
          fields: fields.map(String),
          record: input,
          effect,
          deadlineMs: Date.now() + timeoutMs,
          resolve: (o) => {
            if (o.status === "committed" && o.record) durableSeq = Math.max(durableSeq, o.record.seq);
            notifyKill();
            resolve(o);
          },
          reject: (failure) => reject(refusal(failure, options.operation)),
          ...(options.undo ? { undo: options.undo } : {}),
        };
        queue.enqueue(entry, options.alone ?? false);
      });
    }
    const recordOf = (input: AuditInput, payload: Record<string, unknown> = input.payload) => ({ at_ms: input.at_ms, kind: input.kind, payload_json: toJson(payload) });
    const committedRecord = (o: WriteOutcome, operation: string): AuditRecord => {
      if (o.status === "committed" && o.record) return o.record;
      throw new StoreUnavailableError({ operation, problem: `Redis refused the write (${o.status === "stopped" ? o.reason : "no record"})` });
    };
    // Reads that must see every instance's writes: catch the mirror up first (one round trip).
    const sync = async (operation: string) => {
      assertHealthy(operation);
      await queue.exclusive(catchUpNow).catch((cause: unknown) => {
        if (status === "ok") markUnavailable(cause instanceof Error ? cause.message : "catch-up failed", false);
        throw unavailable(operation);
      });
      assertHealthy(operation);
    };
    const field = async (structure: "g" | "m", key: string, operation: string): Promise<string | null> => {
      assertHealthy(operation);
      try {
        return ((await reply("field", [structure, key]))[1] as string | null) ?? null;
      } catch (cause) {
        if (cause instanceof StoreUnavailableError) throw cause;
        markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
        throw unavailable(operation);
      }
    };
    const readPage = async (fromSeq: number, order: "asc" | "desc", count: number, operation: string) => {
      assertHealthy(operation);
      try {
        const r = await reply("audit", [Math.max(1, fromSeq), order, count], Math.max(timeoutMs, 1_000));
        return { headSeq: Number(r[1]), headHash: String(r[2]), records: (r[3] as unknown[]).map((e) => parseStreamEntry(e).record) };
      } catch (cause) {
        if (cause instanceof StoreUnavailableError) throw cause;
        markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
        throw unavailable(operation);
      }
    };

    // The decision an intent already has: this instance's (possibly still committing: wait for
    // it), one found in Redis, or none. An intent whose earlier commit had an unknown outcome is refused.
    async function existingDecision(sessionId: Hex, intentId: string): Promise<StoredDecision | undefined> {
      const key = `${sessionId}|${intentId}`;
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        if (uncertain.has(key) || voided.has(key)) throw new StoreUnavailableError({ operation: "decision", problem: uncertainProblem });
        const known = mirror.decision(sessionId, intentId);
        if (known === undefined) return undefined;
        if (known !== "maybe") {
          if ("stored" in known) return known.stored;
          await known.pending.catch(() => undefined);
          continue;
        }
        let r: unknown[];
        try {
          r = await reply("decision", [key]);
        } catch (cause) {
          if (!(cause instanceof StoreUnavailableError)) markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
          throw unavailable("decision");
        }
        if (r[1] === "") return undefined;
        if (r[1] === "void") {
          voided.add(key);
          continue;
        }
        const rec = parseStreamEntry([`0-${String(r[1])}`, r[2]]).record;
        const stored = storedDecisionOf(rec, sessionId, intentId);
        durableSeq = Math.max(durableSeq, rec.seq);
        mirror.remember(stored);
        return stored;
      }
      throw new StoreUnavailableError({ operation: "decision", problem: "the intent's decision kept changing (contention)" });
    }

    // The ledger runs on Redis's clock (rate windows shared by every instance, whatever their
    // clocks say); callers pass their own clock, translated here, and get theirs back.
    const exposure: ExposureReader = {
      get version() {
        return mirror.xver;
      },
      view: (p) => mirror.ledger.view({ ...p, nowMs: p.nowMs + clockOffsetMs }),
      openOrders: () => mirror.ledger.openOrders(),
      held: () => {
        const h = mirror.ledger.held();
        return { count: h.count, oldestClockMs: h.oldestClockMs === null ? null : h.oldestClockMs - clockOffsetMs };
      },
      has: (intentId) => mirror.ledger.has(intentId),
    };

    // Probe: health, clock, catch-up after others' writes, voids of uncertain intents, recovery.
    let probeTimer: NodeJS.Timeout | null = null;
    let probing = false;
    let catchUpScheduled = false;
    const scheduleCatchUp = () => {
      if (catchUpScheduled || status !== "ok") return;
      catchUpScheduled = true;
      void queue
        .exclusive(catchUpNow)
        .catch(() => undefined)
        .finally(() => {
          catchUpScheduled = false;
        });
    };
    async function settleUncertain(): Promise<void> {
      const batch = [...uncertain.keys()].slice(0, 256);
      if (batch.length === 0) return;
      const r = await run("void", [serverDeadline(), ...batch]).reply;
      if ((r as unknown[])[0] !== "ok") return;
      for (const k of batch) {
        uncertain.delete(k);
        voided.add(k);
      }
    }
    async function probe(): Promise<void> {
      if (probing || status === "closed") return;
      probing = true;
      try {
        if (reloading) await reloading;
        const t0 = Date.now();
        const r = (await run(writeRefused ? "probewrite" : "probe", writeRefused ? [serverDeadline()] : []).reply) as string[];
        const t1 = Date.now();
        if (r[0] === "gen" || r[0] === "lost") onRefused(r);
        else if (r[0] === "ok") {
          clockOffsetMs = Number(r[5]) * 1000 + Math.floor(Number(r[6]) / 1000) - (t0 + t1) / 2;
          const seq = Number(r[1]);
          if (seq < mirror.head.seq) markLost(`Redis's audit head (${seq}) is behind records it acknowledged (${mirror.head.seq}): it lost data`);
          else if (status === "unavailable" && !queue.inDoubt) {
            status = "ok";
            problem = "";
            writeRefused = false;
            logger?.info({ component: "store", redis: where }, "Redis store available again");
          }
          if (status === "ok") {
            if (seq > mirror.head.seq) scheduleCatchUp();
            if (uncertain.size > 0) await settleUncertain();
          }
        }
      } catch (cause) {
        markUnavailable(cause instanceof Error ? cause.message : "probe failed", false);
      } finally {
        probing = false;
        if ((status as string) !== "closed") {
          probeTimer = setTimeout(() => void probe(), status === "ok" ? probeIntervalMs : Math.min(probeIntervalMs, 100));
          probeTimer.unref();
        }
      }
    }

    // Pub/sub: a fast hint that another instance appended (a kill switch, a revocation, a decision).
    // Never relied on: every commit re-checks the kill epoch and the head in Redis.
    let messages = 0;
    events.on("message", (_channel: string, message: string) => {
      messages++;
      const [gen, seq] = message.split(" ");
      if (gen !== generation) return void probe();
      if (Number(seq) > mirror.head.seq) scheduleCatchUp();
    });
    await withTimeout(events.subscribe(keyspace.channel), openTimeoutMs, "SUBSCRIBE");
    // Anything appended between the load and the subscription.
    await queue.exclusive(catchUpNow);
    if (!loaded.openedBefore) await write("M", ["opened_at_ms", Date.now()], null, { type: "none" }, { operation: "open" });
    probeTimer = setTimeout(() => void probe(), probeIntervalMs);
    probeTimer.unref();

    let closing: Promise<void> | null = null;
    async function closeOnce(): Promise<void> {
      if (probeTimer) clearTimeout(probeTimer);
      // Writes already on their way finish (bounded by the command timeout), then nothing more.
      if (status === "ok") await queue.exclusive(async () => undefined).catch(() => undefined);
      status = "closed";
      problem = "the store is closed";
      queue.refuseWaiting({ certainty: "not_run", cause: new Error("closed") });
      commands.disconnect();
      events.disconnect();
    }

    const gauges = (): StoreGauge[] => [
      { name: "warden_store_redis_uncertain_intents", help: "Intents whose commit got no answer from Redis in time, not yet voided in Redis (they are never signed).", value: uncertain.size },
      { name: "warden_store_redis_command_timeouts", help: "Redis commands that got no answer within store.redis.command_timeout_ms since start.", value: runner.timeouts },
      { name: "warden_store_redis_pubsub_connected", help: "1 while the pub/sub connection (fast kill-switch and revocation hints) is up.", value: events.status === "ready" ? 1 : 0 },
      { name: "warden_store_redis_pubsub_messages", help: "New-head announcements received since start (flat while others write: pub/sub is cut, and only the commits' re-checks stop stale decisions).", value: messages },
      { name: "warden_store_redis_clock_offset_ms", help: "The Redis server's clock minus this machine's (rate windows run on the server's).", value: Math.round(clockOffsetMs) },
    ];

    const store: RedisStore = {
      startup: async () => startup,
      async acknowledgeStartup() {
        assertHealthy("acknowledge");
      },

      async savePendingGrant(grant, input) {
        assertHealthy("save grant");
        committedRecord(await write("G", [grant.grant_id, toJson(grant)], recordOf(input), { type: "none" }, { operation: "save grant" }), "save grant");
      },
      async getPendingGrant(grantId) {
        const value = await field("g", grantId, "get grant");
        if (value === null) return undefined;
        const g = JSON.parse(value.slice(value.indexOf(" ") + 1)) as PendingGrant & { scope: Record<string, unknown> };
        return { ...g, scope: sessionScopeFromJson(g.scope) };
      },
      async discardPendingGrants(input) {
        for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
          assertHealthy("discard grants");
          let flat: string[];
          try {
            flat = (await reply("fields", ["g"]))[1] as string[];
          } catch (cause) {
            if (!(cause instanceof StoreUnavailableError)) markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
            throw unavailable("discard grants");
          }
          // In the order they were saved (each value starts with its record's seq).
          const ids: Hex[] = [];
          const order = new Map<string, number>();
          for (let i = 0; i + 1 < flat.length; i += 2) {
            if (flat[i] === "_") continue;
            ids.push(flat[i] as Hex);
            order.set(flat[i] as string, Number.parseInt(flat[i + 1] as string, 10));
          }
          ids.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
          const o = await write("X", [ids.length, ...ids], recordOf(input(ids)), { type: "none" }, { operation: "discard grants" });
          if (o.status === "committed") return ids;
        }
        throw new StoreUnavailableError({ operation: "discard grants", problem: "pending grants kept changing (contention)" });
      },

      async issueSession(session, grantId, input) {
        assertHealthy("issue session");
        const o = await write(
          "I",
          [session.session_id, session.credential_hash, toJson(session), session.calls_used, session.last_used_ms, session.revoked_at_ms ?? "", session.revoke_reason ?? "", grantId],
          recordOf(input),
          { type: "issue", session: { ...session } },
          { operation: "issue session" },
        );
        if (o.status === "stopped") throw new SessionGrantError({ reason: "grant_already_used", grantId });
        return committedRecord(o, "issue session");
      },
      async getSession(id) {
        await sync("get session");
        return mirror.sessions.get(id);
      },
      async findSessionByCredentialHash(hash) {
        assertHealthy("find session");
        // On the signing path: the mirror answers; a session issued elsewhere since is caught up.
        const s = mirror.byCredential.get(hash);
        if (s) return s;
        await sync("find session");
        return mirror.byCredential.get(hash);
      },
      async listSessions() {
        await sync("list sessions");
        return [...mirror.sessions.values()];
      },
      async revokeSessions(ids, reason, atMs, input) {
        assertHealthy("revoke");
        const o = await write("V", [toJson({ ids, at: atMs, reason }), reason, atMs, ids.length, ...ids], recordOf(input), { type: "revoke", ids, atMs, reason }, { operation: "revoke" });
        return committedRecord(o, "revoke");
      },

      async killSwitches() {
        await sync("kill switches");
        return { switches: [...mirror.kills.values()], epoch: mirror.epoch };
      },
      async setKillSwitch(record, revokeIds, input) {
        assertHealthy("kill switch");
        const o = await write(
          "K",
          [`${record.scope}:${record.target}`, toJson(record), toJson({ ids: revokeIds, at: record.changed_at_ms, reason: "kill_switch" }), record.changed_at_ms, revokeIds.length, ...revokeIds],
          recordOf(input),
          { type: "kill", record, ids: revokeIds, atMs: record.changed_at_ms },
          { operation: "kill switch" },
        );
        return committedRecord(o, "kill switch");
      },

      async decisionSnapshot(sessionId, intentId) {
        assertHealthy("snapshot");
        const existing = await existingDecision(sessionId, intentId);
        assertHealthy("snapshot");
        return {
          session: mirror.sessions.get(sessionId),
          existing,
          kill: { switches: [...mirror.kills.values()], epoch: mirror.epoch },
          exposure,
        };
      },
      async awaitDurable(seq) {
        // An acknowledged write is durable (appendfsync always); every seq handed out was acknowledged.
        if (status === "closed") throw unavailable("await durable");
        if (seq > durableSeq) throw new StoreUnavailableError({ operation: "await durable", problem: `audit record ${seq} is not acknowledged by Redis` });
      },

      async commitDecision({ decision, audit: input, reserve, flush }) {
        assertHealthy("commit");
        const key = `${decision.session_id}|${decision.intent_id}`;
        if (uncertain.has(key) || voided.has(key)) return { status: "conflict" };
        // What this instance already knows would make Redis refuse: no round trip for it.
        const session = mirror.sessions.get(decision.session_id);
        const known = mirror.decision(decision.session_id, decision.intent_id);
        if (
          (known !== undefined && known !== "maybe") ||
          (session &&
            (session.revoked_at_ms !== null ||
              session.calls_used !== reserve.expected_calls_used ||
              mirror.epoch !== reserve.expected_kill_epoch ||
              (reserve.exposure && mirror.xver !== reserve.exposure.expected_ledger_version)))
        )
          return { status: "conflict" };
        const stored: StoredDecision = { ...decision };
        const record = recordOf(input, decisionAuditPayload(input, decision));
        const claim = reserve.exposure?.entry ?? null;
        const clockMs = (claim?.at_ms ?? input.at_ms) + clockOffsetMs;
        let settle!: (v: unknown) => void;
        const pending = new Promise((r) => (settle = r));
        const undo = mirror.speculate({ stored, atMs: input.at_ms, claim, clockMs, pending });
        try {
          const o = await write(
            "D",
            [decision.session_id, decision.intent_id, reserve.expected_calls_used, reserve.expected_kill_epoch, reserve.exposure ? reserve.exposure.expected_ledger_version : ""],
            record,
            { type: "decision", stored, atMs: input.at_ms, claim, clockMs },
            { undo, alone: flush === "alone", operation: "commit" },
          );
          if (o.status === "committed" && o.record) return { status: "committed", audit: o.record };
          if (o.status === "stopped" && o.reason.startsWith("decided:void")) voided.add(key);
          return { status: "conflict" };
        } finally {
          settle(undefined);
        }
      },

      async appendAudit(input) {
        assertHealthy("append audit");
        return committedRecord(await write("A", [], recordOf(input), { type: "none" }, { operation: "append audit" }), "append audit");
      },
      async readAudit(fromSeq, limit) {
        const out: AuditRecord[] = [];
        let from = Math.max(1, fromSeq);
        while (out.length < limit) {
          const page = await readPage(from, "asc", Math.min(1024, limit - out.length), "read audit");
          out.push(...page.records);
          if (page.records.length === 0) break;
          from = (page.records.at(-1) as AuditRecord).seq + 1;
        }
        return out;
      },
      async readAuditOfKind(kind) {
        const out: AuditRecord[] = [];
        for (let from = 1; ; ) {
          const page = await readPage(from, "asc", 1024, "read audit");
          out.push(...page.records.filter((r) => r.kind === kind));
          if (page.records.length === 0) return out;
          from = (page.records.at(-1) as AuditRecord).seq + 1;
        }
      },
      async verifyAudit(): Promise<AuditVerification> {
        // The whole log, across every instance that appended to it, up to the head as it is now.
        let result: AuditVerification | null = null;
        let headSeq = -1;
        let headHash = "";
        for (let from = 1; ; ) {
          const page = await readPage(from, "asc", 2048, "verify audit");
          if (headSeq < 0) {
            headSeq = page.headSeq;
            headHash = page.headHash;
          }
          const records = page.records.filter((r) => r.seq <= headSeq);
          result = verifyAuditChain(records, result?.ok ? result : undefined);
          if (!result.ok) return result;
          if (records.length < page.records.length || page.records.length === 0) break;
          from = (page.records.at(-1) as AuditRecord).seq + 1;
        }
        if (!result.ok) return result;
        // Records missing at the end (the log stops short of the head) or a replaced last record.
        if (result.records < headSeq) return { ok: false, records: result.records, broken_at_seq: result.records + 1, problem: "seq_gap" };
        if (result.records > 0 && result.head !== headHash) return { ok: false, records: result.records - 1, broken_at_seq: result.records, problem: "hash_mismatch" };
        return result;
      },

      async exposure() {
        await sync("exposure");
        return exposure;
      },
      async releaseExposure(intentId, _reason, input) {
        assertHealthy("release exposure");
        const o = await write("L", [intentId], recordOf(input), { type: "release", intentId }, { operation: "release exposure" });
        return o.status === "committed";
      },
      async getMeta(key) {
        return (await field("m", key, "get meta")) ?? undefined;
      },
      async setMeta(key, value) {
        if (RESERVED_META.has(key)) throw new InvalidParameterError({ field: `meta key ${key}`, fix: "Use another key: this one belongs to the store." });
        assertHealthy("set meta");
        await write("M", [key, value], null, { type: "none" }, { operation: "set meta" });
      },

      async health() {
        if (status === "ok") return { ok: true, gauges: gauges() };
        return { ok: false, problem: problem || "the Redis store is unavailable", gauges: gauges() };
      },
      onLocalKillEpoch(listener) {
        killListeners.add(listener);
        return () => killListeners.delete(listener);
      },
      close() {
        closing ??= closeOnce();
        return closing;
      },
    };
    return store;
  }
}
