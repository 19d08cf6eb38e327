import type { Logger } from "pino";
import { createMetrics } from "../log/createMetrics";
import type { ClobHeartbeatClient } from "../market/createClobHeartbeatClient";
import type { Store } from "../store/Store";

/**
 * Where the dead man's switch stands. `sending`: the last beat was acknowledged. `failing`: the
 * last beat failed (the CLOB may cancel the wallet's orders if that lasts). `stopped_kill_switch`
 * / `stopped_store_unavailable`: Warden withholds beats on purpose, so that the CLOB cancels the
 * wallet's orders. `stopped`: not started, or shut down.
 */
export type HeartbeatState = "sending" | "failing" | "stopped_kill_switch" | "stopped_store_unavailable" | "stopped";

/** What `GET /health` and `/metrics` show of the heartbeat. */
export type HeartbeatStatus = {
  state: HeartbeatState;
  interval_ms: number;
  /** Unix ms of the last acknowledged beat, or null. */
  last_ok_at_ms: number | null;
  consecutive_failures: number;
};

/** Parameters of {@link createHeartbeat}. */
export type CreateHeartbeatParameters = {
  client: Pick<ClobHeartbeatClient, "send" | "source">;
  /** Read before every beat: the global kill switch and the store's health. */
  store: Pick<Store, "killSwitches" | "health">;
  intervalMs: number;
  logger?: Logger;
  now?: () => number;
};

/** The running (or stopped) heartbeat. */
export type Heartbeat = {
  /** Beats now and then every `intervalMs`; idempotent. */
  start(): void;
  /** Stops beating and resolves once the beat in flight (if any) has ended. `shutdown` logs what that means for resting orders. */
  stop(reason?: "shutdown"): Promise<void>;
  /** One tick: checks the conditions, then beats or withholds (tests). */
  tick(): Promise<HeartbeatState>;
  status(): HeartbeatStatus;
  /** Prometheus text: state, beats sent and withheld, age of the last acknowledged beat. */
  metricsText(): string;
};

const STATES: readonly HeartbeatState[] = ["sending", "failing", "stopped_kill_switch", "stopped_store_unavailable", "stopped"];

/**
 * Warden's dead man's switch on the CLOB, off the signing path (a timer of its own; nothing the
 * signing path awaits). Every `intervalMs` it sends `POST /v1/heartbeats` — but only while Warden
 * is healthy: the global kill switch is not armed and the store reports itself healthy. When
 * either fails, it withholds the beat (the chain is dropped; a new one starts once healthy), and
 * when the process dies nothing sends it at all: in each case the CLOB, no longer hearing from the
 * wallet, cancels its open orders. A failed beat is not retried before the next tick (the next
 * beat is the retry); a refused one (4xx, e.g. a stale heartbeat id) starts a new chain.
 *
 * @param parameters - `{ client, store, intervalMs, logger?, now? }`.
 * @returns The heartbeat (not started).
 * @example
 * ```ts
 * const heartbeat = createHeartbeat({ client: createClobHeartbeatClient({ credentials, address, timeoutMs: 2_000 }), store: warden.store, intervalMs: 5_000 });
 * heartbeat.start();
 * // on shutdown
 * await heartbeat.stop("shutdown");
 * ```
 */
export function createHeartbeat({ client, store, intervalMs, logger, now = Date.now }: CreateHeartbeatParameters): Heartbeat {
  const log = logger?.child({ component: "heartbeat" });
  const metrics = createMetrics({
    warden_heartbeat_sent_total: { type: "counter", help: "Heartbeats sent to the CLOB, by outcome (ok, failed)." },
    warden_heartbeat_withheld_total: { type: "counter", help: "Heartbeats withheld on purpose, by reason (kill_switch, store_unavailable): the CLOB then cancels the wallet's orders." },
  });
  let state: HeartbeatState = "stopped";
  let chain = "";
  let lastOkAt: number | null = null;
  let failures = 0;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<HeartbeatState> | null = null;

  const become = (next: HeartbeatState, fields: Record<string, unknown> = {}) => {
    if (next !== state) {
      const line = { state: next, previous: state, ...fields };
      if (next === "sending") log?.info(line, "heartbeat acknowledged");
      else log?.warn(line, next === "failing" ? "heartbeat failed: the CLOB cancels the wallet's orders if this lasts" : "heartbeat withheld: the CLOB will cancel the wallet's orders");
    }
    state = next;
  };

  const healthy = async (): Promise<"ok" | "kill_switch" | "store_unavailable"> => {
    try {
      if (!(await store.health()).ok) return "store_unavailable";
      return (await store.killSwitches()).switches.some((k) => k.armed && k.scope === "global") ? "kill_switch" : "ok";
    } catch {
      return "store_unavailable";
    }
  };

  const beat = async (): Promise<HeartbeatState> => {
    const why = await healthy();
    if (why !== "ok") {
      chain = "";
      metrics.inc("warden_heartbeat_withheld_total", { reason: why });
      become(why === "kill_switch" ? "stopped_kill_switch" : "stopped_store_unavailable");
      return state;
    }
    const r = await client.send(chain);
    if (r.ok) {
      chain = r.heartbeat_id ?? chain;
      lastOkAt = now();
      failures = 0;
      metrics.inc("warden_heartbeat_sent_total", { outcome: "ok" });
      become("sending");
    } else {
      failures++;
      // A refusal (e.g. an id the CLOB no longer knows) starts a new chain; a timeout keeps it.
      if (r.status !== null && r.status < 500 && r.status !== 429) chain = "";
      metrics.inc("warden_heartbeat_sent_total", { outcome: "failed" });
      // The first failure of a run and every tenth are warnings; the rest are counted on /metrics.
      const line = { code: `HEARTBEAT_${r.error.toUpperCase()}`, status: r.status, consecutive_failures: failures, ...(r.answer ? { answer: r.answer } : {}) };
      if (failures % 10 === 1) log?.warn(line, "heartbeat not acknowledged");
      else log?.debug(line, "heartbeat not acknowledged");
      become("failing", { status: r.status });
    }
    return state;
  };

  const tick = async (): Promise<HeartbeatState> => {
    while (inFlight) await inFlight.catch(() => undefined);
    const t = beat().finally(() => {
      inFlight = null;
    });
    inFlight = t;
    return t;
  };

  const loop = () => {
    if (!running) return;
    const started = now();
    void tick()
      .catch(() => undefined)
      .finally(() => {
        if (!running) return;
        // A fixed cadence: the next beat is due one interval after this one started.
        timer = setTimeout(loop, Math.max(0, intervalMs - (now() - started)));
        timer.unref();
      });
  };

  return {
    start() {
      if (running) return;
      running = true;
      log?.info(
        { interval_ms: intervalMs, source: client.source },
        "heartbeat on: if Warden stops beating — global kill switch, store failure, crash, or a planned restart — the CLOB cancels every open order of this wallet once its heartbeat window passes (about 10 s per third-party sources; not confirmed by Polymarket's docs)",
      );
      loop();
    },
    async stop(reason) {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      while (inFlight) await inFlight.catch(() => undefined);
      state = "stopped";
      if (reason === "shutdown")
        log?.warn(
          { last_ok_at_ms: lastOkAt },
          "heartbeat stopped for shutdown: expect the CLOB to cancel this wallet's resting orders once its heartbeat window passes (about 10 s, unconfirmed); re-post them after the restart",
        );
    },
    tick,
    status: () => ({ state, interval_ms: intervalMs, last_ok_at_ms: lastOkAt, consecutive_failures: failures }),
    metricsText: () =>
      metrics.render([
        { name: "warden_heartbeat_state", help: "1 for the heartbeat's current state (sending, failing, stopped_kill_switch, stopped_store_unavailable, stopped).", samples: STATES.map((s) => ({ labels: { state: s }, value: s === state ? 1 : 0 })) },
        {
          name: "warden_heartbeat_last_ok_age_seconds",
          help: "Seconds since the CLOB last acknowledged a heartbeat (-1: never).",
          samples: [{ labels: {}, value: lastOkAt === null ? -1 : Math.max(0, (now() - lastOkAt) / 1000) }],
        },
      ]),
  };
}
