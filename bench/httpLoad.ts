// The HTTP bench's load process (bench/http.ts starts it pinned to the other core): autocannon, or
// the open-loop generator of bench/httpOpenLoop.ts for a fixed rate, against the server process, each request a distinct signed-order intent (its own salt, a fresh
// timestamp), so idempotency never answers from a cache. Latencies are taken from autocannon's
// per-response hrtime (fractional ms), not from its integer-millisecond histogram.
import { createRequire } from "node:module";
import { openLoop } from "./httpOpenLoop";

/** One load run the parent asks for. */
export type HttpLoadRun = {
  port: number;
  credential: string;
  /** The body with `"__SALT__"` and `"__TIMESTAMP__"` where each request's salt and timestamp go. */
  template: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections; absent: as fast as the server answers. */
  rate?: number;
  firstSalt: number;
  /** `GET /livez` (no body; the HTTP layer's own cost) instead of `POST /v1/sign`. */
  livez?: boolean;
  /** `open_loop` (bench/httpOpenLoop.ts, needs `rate`): requests due at exact intervals, latency from the due time. Default autocannon. */
  generator?: "autocannon" | "open_loop";
};
/** What a run saw. */
export type HttpLoadResult = {
  requests: number;
  ok: number;
  denied: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50_us: number;
  p99_us: number;
  ops_per_s: number;
  statuses: Record<string, number>;
  /** Open loop only: how late the generator sent (send − due) and the latency from the actual send, µs — the two parts of each latency. */
  split?: { send_lateness_p50_us: number; send_lateness_p99_us: number; from_send_p50_us: number; from_send_p99_us: number };
  /** The load process's CPU time (user + system) per request of the run, µs. */
  generator_cpu_us_per_request?: number;
};

type Tracker = { on(event: "response", f: (client: unknown, status: number, bytes: number, ms: number) => void): void };
type Autocannon = ((opts: Record<string, unknown>, cb: (err: Error | null, result: { errors: number; timeouts: number; duration: number }) => void) => Tracker) & object;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function run(r: HttpLoadRun): Promise<HttpLoadResult> {
  const [head, middle, tail] = splitTemplate(r.template);
  let salt = r.firstSalt;
  if (r.generator === "open_loop") {
    if (r.rate === undefined) throw new TypeError("the open-loop generator needs a rate");
    return openLoop({ ...r, rate: r.rate }, r.livez ? null : () => `${head}${salt++}${middle}${Date.now()}${tail}`);
  }
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const tracker = autocannon(
      {
        url: `http://127.0.0.1:${r.port}`,
        connections: r.connections,
        duration: r.seconds,
        ...(r.rate ? { overallRate: r.rate } : {}),
        requests: [
          r.livez ? { method: "GET", path: "/livez" } : {
            method: "POST",
            path: "/v1/sign",
            headers: { "content-type": "application/json", authorization: `Bearer ${r.credential}` },
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: `${head}${salt++}${middle}${Date.now()}${tail}` }),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        samples.sort((a, b) => a - b);
        const q = (p: number) => Math.round((samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0) * 10_000) / 10;
        const ok = statuses["200"] ?? 0;
        const denied = statuses["403"] ?? 0;
        const requests = samples.length;
        resolve({
          requests, ok, denied, non2xx: requests - ok, errors: result.errors, timeouts: result.timeouts,
          p50_us: q(0.5), p99_us: q(0.99), ops_per_s: Math.round((ok / (result.duration || r.seconds)) * 10) / 10, statuses,
        });
      },
    );
    tracker.on("response", (_client, status, _bytes, ms) => {
      samples.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

function splitTemplate(t: string): [string, string, string] {
  const [head, rest] = t.split('"__SALT__"') as [string, string];
  const [middle, tail] = rest.split('"__TIMESTAMP__"') as [string, string];
  return [`${head}"`, `"${middle}"`, `"${tail}`];
}

process.on("message", async (r: HttpLoadRun) => {
  try {
    const cpu0 = process.cpuUsage();
    const result = await run(r);
    const cpu = process.cpuUsage(cpu0);
    // The generator's own CPU per request (its core also carries the kernel's loopback work).
    process.send?.({ kind: "result", result: { ...result, generator_cpu_us_per_request: Math.round((cpu.user + cpu.system) / Math.max(1, result.requests)) } });
  } catch (e) {
    process.send?.({ kind: "error", message: e instanceof Error ? e.message : String(e) });
  }
});
process.send?.({ kind: "ready" });
