import { toJson } from "../../core/toJson";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import type { RedisFailure } from "./classifyRedisFailure";
import { effectOf, parseStreamEntry } from "./redisStreamRecords";
import { createRedisWriteQueue } from "./createRedisWriteQueue";
import type { RedisWriteQueue, WriteEntry, WriteOutcome } from "./RedisWriteEntry";
import { createScriptRunner } from "./createScriptRunner";
import { loadRedisMirror, type LoadedGeneration } from "./loadRedisMirror";
import type { RedisCore, RedisCoreParameters } from "./RedisCore";
import { plainCause } from "./plainCause";
import { AUDIT_PAGE, bulkReadTimeoutOf } from "./redisBounds";

/**
 * Loads the generation `firstGeneration` names and builds the core of the store on it (the write
 * queue included). Nothing runs by itself yet: the store starts its probe and subscription.
 *
 * @param params - Connections, keyspace, bounds, logger.
 * @param firstGeneration - The generation the marker names now.
 * @returns The core.
 * @throws {StoreUnavailableError} when the generation is gone or broken.
 * @example
 * const core = await createRedisCore({ commands, events, keyspace, where, timeoutMs: 25 }, generation)
 */
export async function createRedisCore(params: RedisCoreParameters, firstGeneration: string): Promise<RedisCore> {
  const { commands, events, keyspace, where, timeoutMs, logger } = params;
  const openTimeoutMs = bulkReadTimeoutOf(timeoutMs);
  const runner = createScriptRunner({ client: commands, marker: keyspace.marker, timeoutMs });
  const load = async (gen: string): Promise<LoadedGeneration> =>
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

  const loaded = await load(firstGeneration);
  let lastEpoch = loaded.mirror.epoch;
  let reloading: Promise<void> | null = null;

  const core: RedisCore = {
    where,
    timeoutMs,
    keyspace,
    commands,
    events,
    runner,
    logger,
    queue: undefined as unknown as RedisWriteQueue,
    startup: { previous_run: loaded.openedBefore ? "clean" : "none", decisions_may_be_lost: false },
    openedBefore: loaded.openedBefore,
    generation: firstGeneration,
    mirror: loaded.mirror,
    voided: loaded.voided,
    clockOffsetMs: loaded.clockOffsetMs,
    uncertain: new Map(),
    unconfirmed: new Set(),
    durableSeq: loaded.mirror.head.seq,
    status: "ok",
    problem: "",
    writeRefused: false,
    get reloading() {
      return reloading;
    },
    killListeners: new Set(),

    run: (name, args, bound) => runner.run(name, [core.generation, keyspace.prefix(core.generation), ...args], bound),
    async reply(name, args, bound) {
      const r = (await core.run(name, args, bound).reply) as unknown[];
      if (r[0] === "gen" || r[0] === "lost") {
        core.onRefused(r);
        throw core.unavailable();
      }
      return r;
    },
    unavailable: (operation = "redis") => new StoreUnavailableError({ operation, problem: core.problem || "the Redis store is unavailable" }),
    assertHealthy(operation = "redis") {
      if (core.status !== "ok") throw core.unavailable(operation);
    },
    markUnavailable(why, refusedWrite) {
      if (refusedWrite) core.writeRefused = true;
      if (core.status !== "ok") return;
      core.status = "unavailable";
      core.problem = `Redis at ${where} is unreachable, slow or refusing writes (${why}): every request is denied until it answers again`;
      logger?.warn({ component: "store", redis: where, cause: why }, "Redis store unavailable: denying every request");
    },
    markLost(why) {
      if (core.status === "closed") return;
      if (core.status !== "lost") logger?.error({ component: "store", redis: where, cause: why, fix: "re-initialise the store (warden store init --reinitialise)" }, "Redis store data lost: denying every request");
      core.status = "lost";
      core.problem = `${why}; nothing is signed until an operator re-initialises the store (warden store init --reinitialise)`;
    },
    onRefused(r) {
      if (core.status === "closed") return;
      if (r[0] === "lost") {
        const what = String(r[1]);
        core.markLost(`the store's ${what} is missing: its data was lost`);
        // Every instance refuses from now on, not only this one (best effort: Redis may be gone).
        core.run("poison", [what]).reply.catch(() => undefined);
        return;
      }
      const marker = String(r[1] ?? "");
      if (marker === "") return core.markLost("the store's generation marker is missing: its data was lost (FLUSHALL, a restart without persistence, or eviction)");
      if (marker.startsWith("lost:")) return core.markLost(`an instance found the store's data incomplete (${marker.split(":").slice(2).join(":")} missing)`);
      if (marker === core.generation) return;
      // An operator re-initialised the store: follow it onto its new generation.
      if (core.status !== "lost") logger?.warn({ component: "store", generation: marker }, "the Redis store was re-initialised: loading the new generation");
      core.status = "lost";
      core.problem = "the store was re-initialised by an operator: loading its new state";
      void core.reload(marker);
    },
    notifyKill() {
      if (core.mirror.epoch === lastEpoch) return;
      lastEpoch = core.mirror.epoch;
      for (const l of core.killListeners) l(lastEpoch);
    },
    serverDeadline: () => Date.now() + core.clockOffsetMs + timeoutMs,
    confirm(keys) {
      // Best effort, off the caller's path: a decision left unconfirmed is only withheld from other
      // instances' duplicates (fail closed); the probe sends it again.
      const retry = () => {
        for (const k of keys) core.unconfirmed.add(k);
      };
      core.run("confirm", keys).reply.then((r) => {
        if ((r as unknown[])[0] !== "ok") return retry();
        for (const k of keys) core.unconfirmed.delete(k);
      }, retry);
    },

    // Catch-up: replays what other instances appended after the mirror's head, in order. Runs only
    // while no batch is in flight (inside the queue's turn), so the head it starts from is the one
    // the next batch chains on.
    async catchUpNow() {
      for (;;) {
        const r = await core.reply("tail", [core.mirror.head.seq, AUDIT_PAGE]);
        const [, seq, , epoch, xver, page] = r as [string, string, string, string, string, unknown[]];
        if (Number(seq) < core.mirror.head.seq) {
          core.markLost(`Redis's audit head (${seq}) is behind records it acknowledged (${core.mirror.head.seq})`);
          throw core.unavailable();
        }
        core.durableSeq = Math.max(core.durableSeq, Number(seq));
        for (const e of page) {
          const rec = parseStreamEntry(e);
          core.mirror.apply(rec.record, effectOf(rec));
        }
        core.notifyKill();
        if (core.mirror.head.seq >= Number(seq)) {
          // The mirror replayed the log up to Redis's head: it must agree with what Redis counted.
          const mirror = core.mirror;
          if (mirror.epoch !== Number(epoch) || mirror.xver - mirror.speculativeClaims !== Number(xver)) {
            core.markLost(`the instance's state disagrees with the audit log (kill epoch ${mirror.epoch} vs ${epoch}, exposure version ${mirror.xver - mirror.speculativeClaims} vs ${xver})`);
            throw core.unavailable();
          }
          return;
        }
        if (page.length === 0) return;
      }
    },

    async reload(marker) {
      reloading ??= (async () => {
        try {
          const next = await load(marker);
          core.generation = marker;
          core.mirror = next.mirror;
          core.voided = next.voided;
          core.clockOffsetMs = next.clockOffsetMs;
          core.durableSeq = next.mirror.head.seq;
          core.uncertain.clear();
          core.unconfirmed.clear();
          core.writeRefused = false;
          lastEpoch = -1;
          core.notifyKill();
          if (core.status === "lost") {
            core.status = "ok";
            core.problem = "";
          }
        } catch {
          // The next probe tries again.
        } finally {
          reloading = null;
        }
      })();
      return reloading;
    },

    write(type, fields, input, effect, options = { operation: "commit" }) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        const entry: WriteEntry = {
          type,
          fields: fields.map(String),
          record: input,
          effect,
          deadlineMs: Date.now() + timeoutMs,
          resolve: (o) => {
            if (o.status === "committed" && o.record) core.durableSeq = Math.max(core.durableSeq, o.record.seq);
            core.notifyKill();
            resolve(o);
          },
          reject: (failure) => reject(refusal(failure, options.operation)),
          ...(options.undo ? { undo: options.undo } : {}),
        };
        core.queue.enqueue(entry, options.alone ?? false);
      });
    },
    recordOf: (input, payload = input.payload) => ({ at_ms: input.at_ms, kind: input.kind, payload_json: toJson(payload) }),
    committedRecord(o, operation) {
      if (o.status === "committed" && o.record) return o.record;
      throw new StoreUnavailableError({ operation, problem: `Redis refused the write (${o.status === "stopped" ? o.reason : "no record"})` });
    },
    async sync(operation) {
      core.assertHealthy(operation);
      await core.queue.exclusive(core.catchUpNow).catch((cause: unknown) => {
        if (core.status === "ok") core.markUnavailable(cause instanceof Error ? cause.message : "catch-up failed", false);
        throw core.unavailable(operation);
      });
      core.assertHealthy(operation);
    },
    async field(structure, key, operation) {
      core.assertHealthy(operation);
      try {
        return ((await core.reply("field", [structure, key]))[1] as string | null) ?? null;
      } catch (cause) {
        if (cause instanceof StoreUnavailableError) throw cause;
        core.markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
        throw core.unavailable(operation);
      }
    },
    async readPage(fromSeq, order, count, operation) {
      core.assertHealthy(operation);
      try {
        const r = await core.reply("audit", [Math.max(1, fromSeq), order, count], openTimeoutMs);
        return { headSeq: Number(r[1]), headHash: String(r[2]), records: (r[3] as unknown[]).map((e) => parseStreamEntry(e).record) };
      } catch (cause) {
        if (cause instanceof StoreUnavailableError) throw cause;
        core.markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
        throw core.unavailable(operation);
      }
    },
  };
  const refusal = (failure: RedisFailure, operation: string) => new StoreUnavailableError({ operation, problem: core.problem || "the Redis store is unavailable", cause: plainCause(failure.cause) });

  core.queue = createRedisWriteQueue({
    mirror: () => core.mirror,
    send: (argv) => core.run("commit", argv),
    deadline: core.serverDeadline,
    confirm: core.confirm,
    channel: keyspace.channel,
    catchUp: core.catchUpNow,
    healthy: () => core.status === "ok",
    events: {
      refused: core.onRefused,
      lost: core.markLost,
      unavailable: (why, refusedWrite) => core.markUnavailable(why, refusedWrite),
      uncertain: (entry) => {
        if (entry.effect.type !== "decision") return;
        const { session_id, intent_id } = entry.effect.stored;
        core.uncertain.set(`${session_id}|${intent_id}`, { sessionId: session_id, intentId: intent_id });
      },
    },
  });
  return core;
}
