import type { Store, StoreGauge } from "../Store";
import type { RedisCore } from "./RedisCore";

/** What keeps an instance current and healthy, running beside its requests. */
export type RedisHealth = Pick<Store, "health" | "close"> & {
  /** Catches the mirror up on the log soon (once at a time, in the queue's turn). */
  scheduleCatchUp(): void;
  /** Starts the probe timer. */
  start(): void;
};

/**
 * The probe and the pub/sub listener of the Redis store. The probe runs every `probeIntervalMs`
 * (every ≤ 100 ms while unhealthy): it checks the generation and every session record, measures
 * the server's clock, catches up after other instances' writes, voids intents whose commit had an
 * unknown outcome, and declares Redis available again once it answers (and no commit is in doubt).
 * Pub/sub announces every new head: a fast hint to catch up, never relied on (every commit
 * re-checks the kill epoch and the head in Redis).
 *
 * @param core - The store's core.
 * @param probeIntervalMs - How often the probe runs while healthy.
 * @returns Health, close, and the probe's controls.
 * @example
 * const health = redisHealth(core, 200); health.start()
 */
export function redisHealth(core: RedisCore, probeIntervalMs: number): RedisHealth {
  let probeTimer: NodeJS.Timeout | null = null;
  let probing = false;
  let catchUpScheduled = false;
  const scheduleCatchUp = () => {
    if (catchUpScheduled || core.status !== "ok") return;
    catchUpScheduled = true;
    void core.queue
      .exclusive(core.catchUpNow)
      .catch(() => undefined)
      .finally(() => {
        catchUpScheduled = false;
      });
  };
  async function settleUncertain(): Promise<void> {
    const batch = [...core.uncertain.keys()].slice(0, 256);
    if (batch.length === 0) return;
    const r = await core.run("void", [core.serverDeadline(), ...batch]).reply;
    if ((r as unknown[])[0] !== "ok") return;
    for (const k of batch) {
      core.uncertain.delete(k);
      core.voided.add(k);
    }
  }
  async function probe(): Promise<void> {
    if (probing || core.status === "closed") return;
    probing = true;
    try {
      if (core.reloading) await core.reloading;
      const t0 = Date.now();
      const r = (await core.run(core.writeRefused ? "probewrite" : "probe", core.writeRefused ? [core.serverDeadline()] : []).reply) as string[];
      const t1 = Date.now();
      if (r[0] === "gen" || r[0] === "lost") core.onRefused(r);
      else if (r[0] === "ok") {
        core.clockOffsetMs = Number(r[5]) * 1000 + Math.floor(Number(r[6]) / 1000) - (t0 + t1) / 2;
        const seq = Number(r[1]);
        if (seq < core.mirror.head.seq) core.markLost(`Redis's audit head (${seq}) is behind records it acknowledged (${core.mirror.head.seq}): it lost data`);
        else if (core.status === "unavailable" && !core.queue.inDoubt) {
          core.status = "ok";
          core.problem = "";
          core.writeRefused = false;
          core.logger?.info({ component: "store", redis: core.where }, "Redis store available again");
        }
        if (core.status === "ok") {
          if (seq > core.mirror.head.seq) scheduleCatchUp();
          if (core.uncertain.size > 0) await settleUncertain();
          if (core.unconfirmed.size > 0) core.confirm([...core.unconfirmed].slice(0, 256));
        }
      }
    } catch (cause) {
      core.markUnavailable(cause instanceof Error ? cause.message : "probe failed", false);
    } finally {
      probing = false;
      if ((core.status as string) !== "closed") {
        probeTimer = setTimeout(() => void probe(), core.status === "ok" ? probeIntervalMs : Math.min(probeIntervalMs, 100));
        probeTimer.unref();
      }
    }
  }

  // Pub/sub: a fast hint that another instance appended (a kill switch, a revocation, a decision).
  // Never relied on: every commit re-checks the kill epoch and the head in Redis.
  let messages = 0;
  core.events.on("message", (_channel: string, message: string) => {
    messages++;
    const [gen, seq] = message.split(" ");
    if (gen !== core.generation) return void probe();
    if (Number(seq) > core.mirror.head.seq) scheduleCatchUp();
  });

  let closing: Promise<void> | null = null;
  async function closeOnce(): Promise<void> {
    if (probeTimer) clearTimeout(probeTimer);
    // Writes already on their way finish (bounded by the command timeout), then nothing more.
    if (core.status === "ok") await core.queue.exclusive(async () => undefined).catch(() => undefined);
    core.status = "closed";
    core.problem = "the store is closed";
    core.queue.refuseWaiting({ certainty: "not_run", cause: new Error("closed") });
    core.commands.disconnect();
    core.events.disconnect();
  }

  const gauges = (): StoreGauge[] => [
    { name: "warden_store_redis_uncertain_intents", help: "Intents whose commit got no answer from Redis in time, not yet voided in Redis (they are never signed).", value: core.uncertain.size },
    { name: "warden_store_redis_unconfirmed_decisions", help: "Decisions committed and answered in time whose confirmation has not reached Redis yet (their duplicates are refused on other instances until it does).", value: core.unconfirmed.size },
    { name: "warden_store_redis_command_timeouts_total", type: "counter", help: "Redis commands that got no answer within store.redis.command_timeout_ms since start.", value: core.runner.timeouts },
    { name: "warden_store_redis_pubsub_connected", help: "1 while the pub/sub connection (fast kill-switch and revocation hints) is up.", value: core.events.status === "ready" ? 1 : 0 },
    { name: "warden_store_redis_pubsub_messages_total", type: "counter", help: "New-head announcements received since start (flat while others write: pub/sub is cut, and only the commits' re-checks stop stale decisions).", value: messages },
    { name: "warden_store_redis_clock_offset_seconds", help: "The Redis server's clock minus this machine's, in seconds (rate windows run on the server's).", value: core.clockOffsetMs / 1000 },
  ];

  return {
    scheduleCatchUp,
    start() {
      probeTimer = setTimeout(() => void probe(), probeIntervalMs);
      probeTimer.unref();
    },
    async health() {
      if (core.status === "ok") return { ok: true, gauges: gauges() };
      return { ok: false, problem: core.problem || "the Redis store is unavailable", gauges: gauges() };
    },
    close() {
      closing ??= closeOnce();
      return closing;
    },
  };
}
