// HTTP signing (issue 15): the server (bench/httpServer.ts) and the load generator (bench/httpLoad.ts,
// autocannon) in two processes pinned to different cores with `taskset`, every guard, the embedded
// store, a real session credential, each request a distinct order intent that every guard approves.
// Rows: signatures/s with 32 connections (autocannon), and p50/p99 at a fixed 1,000 requests/s from
// the open-loop generator (bench/httpOpenLoop.ts) and from autocannon; during each run the server
// measures its event-loop delay, GC pauses and CPU per request (and bench/httpCost.ts, before them,
// the CPU per request of GET /livez, POST /v1/sign and in-process signing).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { HttpLoadResult, HttpLoadRun } from "./httpLoad";
import { type BenchHttpCostReturnType, benchHttpCost } from "./httpCost";
import type { HttpServerSetup, InProcessRun, ServerWindow } from "./httpServer";

type Row = { p50_us: number; p99_us: number; ops_per_s: number };
/** What {@link benchHttp} needs from bench/run.ts: the wallet key, its order builder and exchanges. */
export type BenchHttpParameters = {
  pk: `0x${string}`;
  order: (maker: `0x${string}`) => { message: Record<string, unknown> };
  exchanges: string[];
  /** Seconds of the 32-connection run and of the fixed-rate run (after a warm-up). */
  seconds: number;
  rate: number;
  logLevel: string;
  /** Rounds of the CPU-per-request measurement (bench/httpCost.ts); 0 skips it. */
  costRounds: number;
};
/** The HTTP rows and what `machine.http` records about them. */
export type BenchHttpReturnType = {
  rows: { http_sign_concurrent32: Row; http_sign_fixed_rate: Row; http_sign_fixed_rate_autocannon: Row };
  notes: Record<string, unknown> & {
    server_at_concurrent32: ServerWindow;
    server_at_fixed_rate: ServerWindow;
    server_at_fixed_rate_autocannon: ServerWindow;
    cost?: BenchHttpCostReturnType;
  };
};

const tsx = pathToFileURL(join(import.meta.dirname, "..", "node_modules/tsx/dist/loader.mjs")).href;
const pinnable = cpus().length >= 2 && spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Starts a bench script in its own Node process with IPC, on `cpu` when `taskset` can pin it. */
function child(script: string, cpu: number, stdout: "ignore" | "inherit", flags: string[] = []): ChildProcess {
  const node = [process.execPath, ...flags, "--import", tsx, join(import.meta.dirname, script)];
  const [cmd, ...args] = pinnable ? ["taskset", "-c", String(cpu), ...node] : node;
  return spawn(cmd as string, args, { stdio: ["ignore", stdout, "inherit", "ipc"] });
}

function next<T>(proc: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string; message?: string }) => {
      if (m.kind === "error") return reject(new Error(m.message));
      if (m.kind !== kind) return;
      proc.off("message", onMessage);
      proc.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child exited (${code}) before "${kind}"`));
    proc.on("message", onMessage);
    proc.once("exit", onExit);
  });
}

/**
 * Runs the HTTP part of `npm run bench`.
 *
 * @example
 * const { rows, notes } = await benchHttp({ pk, order, exchanges, seconds: 10, rate: 1000, logLevel: "info" })
 */
export async function benchHttp(p: BenchHttpParameters): Promise<BenchHttpReturnType> {
  // The server on cpu 1, the load on cpu 0 (where the parent, idle meanwhile, also sits).
  // BENCH_HTTP_SERVER_FLAGS: Node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof";
  // BENCH_HTTP_SERVER_STDOUT=inherit shows the server's stdout (e.g. --trace-gc's lines, among the request logs).
  const serverStdout = process.env.BENCH_HTTP_SERVER_STDOUT === "inherit" ? "inherit" : "ignore";
  const server = child("httpServer.ts", 1, serverStdout, (process.env.BENCH_HTTP_SERVER_FLAGS ?? "").split(" ").filter(Boolean));
  const load = child("httpLoad.ts", 0, "inherit");
  try {
    const loadReady = next(load, "ready");
    const started = next<{ port: number; credential: string; wallet: `0x${string}` }>(server, "ready");
    server.send({ pk: p.pk, exchanges: p.exchanges, logLevel: p.logLevel } satisfies HttpServerSetup);
    const { port, credential, wallet } = await started;
    await loadReady;
    const td = p.order(wallet);
    const template = JSON.stringify({ strategy_id: "bench", request: { kind: "typed_data", typedData: { ...td, message: { ...td.message, salt: "__SALT__", timestamp: "__TIMESTAMP__" } } } });
    let firstSalt = 1_000_000_000;
    type Run = Pick<HttpLoadRun, "connections" | "seconds" | "rate" | "livez" | "generator">;
    const run = async (r: Run): Promise<HttpLoadResult> => {
      const result = next<{ result: HttpLoadResult }>(load, "result");
      load.send({ port, credential, template, firstSalt, ...r } satisfies HttpLoadRun);
      firstSalt += 10_000_000;
      return (await result).result;
    };
    await run({ connections: 32, seconds: 3 }); // warm-up: JIT, SQLite caches, noble precomputation
    // Other jobs on the machine share both cores: the load they made over the last minute, noted.
    const loadAverage = Math.round((loadavg()[0] ?? 0) * 100) / 100;
    // The server measures itself (event-loop delay, GC, CPU per request) during each timed run.
    const measured = async (r: Run): Promise<[HttpLoadResult, ServerWindow]> => {
      const windowStarted = next(server, "window-started");
      server.send({ kind: "window-start" });
      await windowStarted;
      const result = await run(r);
      const window = next<{ window: ServerWindow }>(server, "window");
      server.send({ kind: "window-end" });
      return [result, (await window).window];
    };
    // The same orders signed in the server process itself, with the server measuring itself meanwhile.
    const inProcess = async (n: number, concurrency: number): Promise<ServerWindow> => {
      const prepared = next(server, "inprocess-ready");
      server.send({ kind: "inprocess", template, firstSalt, n, concurrency } satisfies InProcessRun);
      firstSalt += 10_000_000;
      await prepared;
      const windowStarted = next(server, "window-started");
      const done = next(server, "inprocess-done");
      server.send({ kind: "window-start" });
      await windowStarted;
      await done;
      const window = next<{ window: ServerWindow }>(server, "window");
      server.send({ kind: "window-end" });
      return (await window).window;
    };
    const cost = p.costRounds > 0 ? await benchHttpCost({ load: measured, inProcess, rounds: p.costRounds, seconds: 3, connections: 32 }) : undefined;
    const [concurrent, serverAtConcurrent32] = await measured({ connections: 32, seconds: p.seconds });
    // The fixed rate twice: the open-loop generator (what the p99 target is judged on: requests due
    // at exact intervals, latency from the due time) and autocannon's overallRate, for comparison.
    const [fixed, serverAtFixedRate] = await measured({ connections: 32, seconds: p.seconds, rate: p.rate, generator: "open_loop" });
    const [fixedAutocannon, serverAtFixedRateAutocannon] = await measured({ connections: 32, seconds: p.seconds, rate: p.rate });
    const stopped = next<{ audit_verified: boolean }>(server, "stopped");
    server.send({ kind: "stop" });
    const { audit_verified } = await stopped;
    if (!audit_verified) throw new TypeError("audit chain broken during the HTTP benchmark");
    const row = (r: HttpLoadResult): Row => ({ p50_us: r.p50_us, p99_us: r.p99_us, ops_per_s: r.ops_per_s });
    const counts = (r: HttpLoadResult) => ({ requests: r.requests, signed: r.ok, denied: r.denied, non_2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, ...(r.generator_cpu_us_per_request === undefined ? {} : { generator_cpu_us_per_request: r.generator_cpu_us_per_request }) });
    return {
      rows: { http_sign_concurrent32: row(concurrent), http_sign_fixed_rate: row(fixed), http_sign_fixed_rate_autocannon: row(fixedAutocannon) },
      notes: {
        date: new Date().toISOString(),
        pinned: pinnable ? "server on cpu 1, load generator on cpu 0 (taskset)" : "unpinned (taskset missing or one core)",
        load_average_1m: loadAverage,
        seconds: p.seconds,
        rate: p.rate,
        log_level: p.logLevel,
        concurrent32: counts(concurrent),
        fixed_rate: { ...counts(fixed), ...(fixed.split ? { latency_split_us: fixed.split } : {}) },
        fixed_rate_autocannon: counts(fixedAutocannon),
        server_at_concurrent32: serverAtConcurrent32,
        server_at_fixed_rate: serverAtFixedRate,
        server_at_fixed_rate_autocannon: serverAtFixedRateAutocannon,
        ...(cost ? { cost } : {}),
      },
    };
  } finally {
    // The server exits by itself once stopped (a profile it was asked for is written at exit).
    if (server.exitCode === null) await Promise.race([new Promise((resolve) => server.once("exit", resolve)), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    server.kill();
    load.kill();
  }
}
