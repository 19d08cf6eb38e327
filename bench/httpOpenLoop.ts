// An open-loop load generator for the fixed-rate row of the HTTP bench (runs in the load process,
// bench/httpLoad.ts). Request i is due at t0 + i / rate on a high-resolution clock and is sent as
// soon as that time comes, whether or not earlier requests were answered (autocannon's overallRate
// releases each second's requests as a burst and starts a latency at the actual send, so a stalled
// server delays the sends and hides the wait: coordinated omission). A latency here runs from the
// due time to the end of the response, over keep-alive connections from a node:http Agent.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import type { HttpLoadResult, HttpLoadRun } from "./httpLoad";

/** How long after the last due time unanswered requests are given before they count as timeouts. */
const DRAIN_MS = 10_000;

/**
 * Sends `rate × seconds` requests at exact intervals of 1 / rate over `connections` keep-alive
 * connections and reports latencies from each request's due time.
 *
 * @param r - The run (its `rate` is required); `body(i)` makes request i's body (absent: `GET /livez`).
 * @returns The counts and latencies, as the autocannon runs report them.
 * @example
 * const result = await openLoop({ ...run, rate: 1000 }, (i) => bodyFor(i))
 */
export async function openLoop(r: HttpLoadRun & { rate: number }, body: ((i: number) => string) | null): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: r.connections });
  const total = Math.round(r.rate * r.seconds);
  const intervalMs = 1000 / r.rate;
  const samples: number[] = [];
  const lateness: number[] = [];
  const fromSend: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let answered = 0;
  let lastAnswerMs = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const settle = () => {
    answered++;
    lastAnswerMs = performance.now();
    if (answered === total) finish();
  };
  const send = (i: number, dueMs: number) => {
    const payload = body?.(i);
    const sentMs = performance.now();
    lateness.push(sentMs - dueMs);
    const req = request(
      {
        host: "127.0.0.1",
        port: r.port,
        agent,
        method: payload === undefined ? "GET" : "POST",
        path: payload === undefined ? "/livez" : "/v1/sign",
        headers: payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload), authorization: `Bearer ${r.credential}` },
      },
      (res) => {
        res.resume();
        res.once("end", () => {
          const endMs = performance.now();
          samples.push(endMs - dueMs);
          fromSend.push(endMs - sentMs);
          const s = String(res.statusCode);
          statuses[s] = (statuses[s] ?? 0) + 1;
          settle();
        });
      },
    );
    req.once("error", () => {
      errors++;
      settle();
    });
    req.end(payload);
  };
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // Sends every request that is due, then sleeps until the next is (a timer, not a busy loop: a
    // process that spins loses its wake-ups to the machine's other jobs). A late wake-up sends what
    // it missed at once, each timed from its own due time, so lateness is never hidden.
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) {
        send(sent, t0 + sent * intervalMs);
        sent++;
      }
      if (sent === total) return resolve();
      setTimeout(tick, Math.max(0, Math.floor(t0 + sent * intervalMs - performance.now())));
    };
    tick();
  });
  const drained = await Promise.race([finished.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref())]);
  agent.destroy();
  for (const a of [samples, lateness, fromSend]) a.sort((x, y) => x - y);
  const qOf = (a: number[], p: number) => Math.round((a[Math.min(a.length - 1, Math.floor(p * a.length))] ?? 0) * 10_000) / 10;
  const q = (p: number) => qOf(samples, p);
  const ok = statuses["200"] ?? 0;
  const seconds = ((drained ? lastAnswerMs : performance.now()) - t0) / 1000;
  return {
    requests: total,
    ok,
    denied: statuses["403"] ?? 0,
    non2xx: samples.length - ok,
    errors,
    timeouts: total - answered,
    p50_us: q(0.5),
    p99_us: q(0.99),
    ops_per_s: Math.round((ok / seconds) * 10) / 10,
    statuses,
    split: { send_lateness_p50_us: qOf(lateness, 0.5), send_lateness_p99_us: qOf(lateness, 0.99), from_send_p50_us: qOf(fromSend, 0.5), from_send_p99_us: qOf(fromSend, 0.99) },
  };
}
