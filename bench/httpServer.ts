// The HTTP bench's server process (bench/http.ts starts it pinned to its own core): Warden with every
// guard on a fresh embedded store (NORMAL), one granted session, the HTTP API on a free loopback
// port. It answers the parent over IPC and measures its own event-loop delay and GC pauses during
// the window the parent opens (the fixed-rate run), so the figures are the server's, not the load's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHistogram, type EventLoopUtilization, monitorEventLoopDelay, type PerformanceEntry, PerformanceObserver, performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { privateKeyToAccount } from "viem/accounts";
import { createLogger } from "../src/log/createLogger";
import { createWardenHttp } from "../src/server/createServer";
import { toSessionAccount } from "../src/signer/toSessionAccount";
import { createWarden } from "../src/warden/createWarden";
import { WalletKey } from "../src/signer/WalletKey";
import { roomyRisk } from "../test/helpers/testWarden";

/** Signs `n` orders in this process (no HTTP), `concurrency` in flight, between a window's start and end. */
export type InProcessRun = { kind: "inprocess"; template: string; firstSalt: number; n: number; concurrency: number };

/** What the parent sends first. */
export type HttpServerSetup = { pk: `0x${string}`; exchanges: string[]; logLevel: string };
/** What the server measured between `window-start` and `window-end`. */
export type ServerWindow = {
  event_loop_delay_p50_ms: number;
  event_loop_delay_p99_ms: number;
  event_loop_delay_max_ms: number;
  event_loop_utilization: number;
  /** From the request's arrival at the server (its `request` event) to the end of its response, in this process. */
  server_time_p50_ms: number;
  server_time_p99_ms: number;
  server_time_max_ms: number;
  gc_count: number;
  gc_max_pause_ms: number;
  gc_total_pause_ms: number;
  gc_by_kind: Record<string, number>;
  /** The server process's CPU time (user + system) per request it answered, and its two parts. */
  cpu_us_per_request: number;
  cpu_user_us_per_request: number;
  cpu_system_us_per_request: number;
  requests: number;
  heap_used_mib_start: number;
  heap_used_mib_end: number;
  seconds: number;
};

const send = (m: unknown) => process.send?.(m);
const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const GC_KINDS: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weakcb" };

process.once("message", async (setup: HttpServerSetup) => {
  const dir = mkdtempSync(join(tmpdir(), "warden-bench-http-"));
  const owner = privateKeyToAccount(setup.pk);
  // Request logs at info (as `warden start` runs) go to stdout, which the parent discards.
  const logger = createLogger({ level: setup.logLevel });
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(setup.pk),
    logger,
    config: { store: { path: join(dir, "bench.db"), synchronous: "NORMAL" }, log: { level: setup.logLevel as "info" }, ...roomyRisk },
  });
  const req = await warden.requestSession({
    strategy_id: "bench",
    method_whitelist: ["CTFExchangeV2.matchOrders"],
    contract_allowlist: setup.exchanges,
    max_calls_per_session: 10_000_000,
  });
  const session = await warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data) });
  const http = createWardenHttp({ warden, logger });
  await http.ready;
  await new Promise<void>((resolve) => http.server.listen(0, "127.0.0.1", resolve));

  let delay = monitorEventLoopDelay({ resolution: 1 });
  let gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  let t0 = 0;
  let elu0: EventLoopUtilization | undefined;
  let cpu0 = process.cpuUsage();
  let heap0 = 0;
  let requests = 0;
  let serverTime = createHistogram();
  http.server.on("request", (_req, res) => {
    requests++;
    const arrived = process.hrtime.bigint();
    res.once("finish", () => serverTime.record(process.hrtime.bigint() - arrived));
  });
  const account = toSessionAccount({ warden, credential: session.credential, strategyId: "bench" });
  process.on("message", async (m: { kind: string }) => {
    if (m.kind === "inprocess") {
      // The same orders as the HTTP requests, built before the window (as bench/run.ts builds its
      // documents before timing), then signed through the session account with `concurrency` in
      // flight; counted as requests so the window's CPU per request is CPU per in-process signature.
      const r = m as InProcessRun;
      const docs = Array.from({ length: r.n }, (_, i) =>
        (JSON.parse(r.template.replace('"__SALT__"', `"${r.firstSalt + i}"`).replace('"__TIMESTAMP__"', `"${Date.now()}"`)) as { request: { typedData: unknown } }).request.typedData,
      );
      let next = 0;
      const windowStarted = new Promise<void>((resolve) => process.once("message", (w: { kind: string }) => w.kind === "window-start" && resolve()));
      send({ kind: "inprocess-ready" });
      await windowStarted;
      await Promise.all(
        Array.from({ length: r.concurrency }, async () => {
          while (next < docs.length) {
            await account.signTypedData(docs[next++] as never);
            requests++;
          }
        }),
      );
      send({ kind: "inprocess-done" });
    } else if (m.kind === "window-start") {
      delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      serverTime = createHistogram();
      gcs = [];
      observer.observe({ entryTypes: ["gc"] });
      t0 = performance.now();
      elu0 = performance.eventLoopUtilization();
      cpu0 = process.cpuUsage();
      heap0 = process.memoryUsage().heapUsed;
      requests = 0;
      send({ kind: "window-started" });
    } else if (m.kind === "window-end") {
      delay.disable();
      observer.disconnect();
      const cpu = process.cpuUsage(cpu0);
      const byKind: Record<string, number> = {};
      for (const g of gcs) {
        const kind = GC_KINDS[(g as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? "other";
        byKind[kind] = (byKind[kind] ?? 0) + 1;
      }
      const window: ServerWindow = {
        event_loop_delay_p50_ms: ms(delay.percentile(50)),
        event_loop_delay_p99_ms: ms(delay.percentile(99)),
        event_loop_delay_max_ms: ms(delay.max),
        event_loop_utilization: Math.round(performance.eventLoopUtilization(elu0).utilization * 1000) / 1000,
        server_time_p50_ms: ms(serverTime.count > 0 ? serverTime.percentile(50) : 0),
        server_time_p99_ms: ms(serverTime.count > 0 ? serverTime.percentile(99) : 0),
        server_time_max_ms: ms(serverTime.count > 0 ? serverTime.max : 0),
        gc_count: gcs.length,
        gc_max_pause_ms: Math.round(Math.max(0, ...gcs.map((g) => g.duration)) * 100) / 100,
        gc_total_pause_ms: Math.round(gcs.reduce((s, g) => s + g.duration, 0) * 100) / 100,
        gc_by_kind: byKind,
        cpu_us_per_request: Math.round((cpu.user + cpu.system) / Math.max(1, requests)),
        cpu_user_us_per_request: Math.round(cpu.user / Math.max(1, requests)),
        cpu_system_us_per_request: Math.round(cpu.system / Math.max(1, requests)),
        requests,
        heap_used_mib_start: Math.round(heap0 / 2 ** 20),
        heap_used_mib_end: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        seconds: Math.round((performance.now() - t0) / 100) / 10,
      };
      send({ kind: "window", window });
    } else if (m.kind === "stop") {
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      const verified = (await warden.verifyAudit()).ok;
      await warden.close();
      rmSync(dir, { recursive: true, force: true });
      send({ kind: "stopped", audit_verified: verified });
      process.disconnect();
    }
  });
  send({ kind: "ready", port: (http.server.address() as AddressInfo).port, credential: session.credential, wallet: warden.walletAddress });
});
