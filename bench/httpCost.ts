// Server CPU per request (issue 15): what one HTTP request costs the server process, measured with
// process.cpuUsage in that process (user + system µs ÷ requests answered), for a bare `GET /livez`
// (node:http + fastify + the request line), `POST /v1/sign`, and the same orders signed in-process
// in the same server process (no HTTP). sign − in-process is what HTTP adds to a signature; livez
// is the part of it no route can avoid. Rounds interleave the three so machine drift hits all alike.
import type { HttpLoadResult, HttpLoadRun } from "./httpLoad";
import type { ServerWindow } from "./httpServer";

/** What {@link benchHttpCost} needs from bench/http.ts: a measured load run and a measured in-process run. */
export type BenchHttpCostParameters = {
  /** A load run (closed loop) with the server measuring itself meanwhile. */
  load: (r: Pick<HttpLoadRun, "connections" | "seconds" | "livez">) => Promise<[HttpLoadResult, ServerWindow]>;
  /** `n` in-process signatures in the server process, `concurrency` in flight, the server measuring itself. */
  inProcess: (n: number, concurrency: number) => Promise<ServerWindow>;
  rounds: number;
  seconds: number;
  connections: number;
};

/** CPU µs per request of one kind: every round's figure, and their median. */
export type CpuPerRequest = { median_us: number; rounds_us: number[]; system_rounds_us: number[]; requests: number };
/** What {@link benchHttpCost} measured (`machine.http.cost` in bench/results.json). */
export type BenchHttpCostReturnType = {
  connections: number;
  seconds_per_http_run: number;
  livez: CpuPerRequest;
  sign: CpuPerRequest;
  inprocess: CpuPerRequest;
  /** Median sign − median in-process: the HTTP layer's CPU per signature. */
  http_overhead_us: number;
};

function summary(ws: ServerWindow[]): CpuPerRequest {
  const all = ws.map((w) => w.cpu_us_per_request);
  const sorted = [...all].sort((a, b) => a - b);
  return {
    median_us: sorted[Math.floor(sorted.length / 2)] ?? 0,
    rounds_us: all,
    system_rounds_us: ws.map((w) => w.cpu_system_us_per_request),
    requests: ws.reduce((s, w) => s + w.requests, 0),
  };
}

/**
 * Measures the server's CPU per request for `GET /livez`, `POST /v1/sign` and in-process signing.
 *
 * @example
 * const cost = await benchHttpCost({ load, inProcess, rounds: 3, seconds: 3, connections: 32 }) // cost.sign.median_us
 */
export async function benchHttpCost(p: BenchHttpCostParameters): Promise<BenchHttpCostReturnType> {
  const livez: ServerWindow[] = [];
  const sign: ServerWindow[] = [];
  const inprocess: ServerWindow[] = [];
  for (let round = 0; round < p.rounds; round++) {
    livez.push((await p.load({ connections: p.connections, seconds: p.seconds, livez: true }))[1]);
    const [signed, window] = await p.load({ connections: p.connections, seconds: p.seconds });
    if (signed.ok !== signed.requests) throw new TypeError(`httpCost: ${signed.requests - signed.ok} of ${signed.requests} sign requests were not signed`);
    sign.push(window);
    // As many signatures as the HTTP run answered, so both runs are alike in length and heap growth.
    inprocess.push(await p.inProcess(Math.max(1000, signed.requests), p.connections));
  }
  const out = { connections: p.connections, seconds_per_http_run: p.seconds, livez: summary(livez), sign: summary(sign), inprocess: summary(inprocess) };
  return { ...out, http_overhead_us: out.sign.median_us - out.inprocess.median_us };
}
