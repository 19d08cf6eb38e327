// An open-loop load generator for the fixed-rate row of the HTTP bench (runs in the load process,
// bench/httpLoad.ts). Request i is due at t0 + i / rate on a high-resolution clock and is sent as
// soon as that time comes, whether or not earlier requests were answered (autocannon's overallRate
// releases each second's requests as a burst and starts a latency at the actual send, so a stalled
// server delays the sends and hides the wait: coordinated omission). A latency here runs from the
// due time to the last byte of the response.
//
// The requests go over raw keep-alive TCP connections (HTTP/1.1, one request in flight on each, as
// autocannon does it): the bytes of each request are written at once, and a response is read from
// its status line, Content-Length and body. node:http's client cost ~4× the CPU per request on the
// generator's core, and its garbage and event-loop time were late sends and late reads in the
// measured tail (see the README's Benchmark section).
import { type Socket, connect } from "node:net";
import { performance } from "node:perf_hooks";
import type { HttpLoadResult, HttpLoadRun } from "./httpLoad";

/** How long after the last due time unanswered requests are given before they count as timeouts. */
const DRAIN_MS = 10_000;

const HEADER_END = Buffer.from("\r\n\r\n");

/** A request in flight: when it was due and when its bytes were written. */
type InFlight = { dueMs: number; sentMs: number };
type Connection = { socket: Socket; inFlight: InFlight | null; buffered: Buffer | null; open: boolean };

/**
 * What a response's bytes read so far hold: the status and the bytes it takes in all, once its head
 * is complete (`Content-Length` required: Warden's server always sends it); null until then.
 *
 * @throws TypeError when the head has no Content-Length (a response this reader cannot frame).
 */
function frameOf(buf: Buffer): { status: number; length: number } | null {
  const end = buf.indexOf(HEADER_END);
  if (end === -1) return null;
  const head = buf.toString("latin1", 0, end);
  const status = Number(head.slice(9, 12));
  const at = head.toLowerCase().indexOf("\r\ncontent-length:");
  if (at === -1) throw new TypeError("response without Content-Length");
  const lineEnd = head.indexOf("\r", at + 2);
  const length = Number(head.slice(at + 17, lineEnd === -1 ? head.length : lineEnd).trim());
  return { status, length: end + HEADER_END.length + length };
}

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
  const head = body === null
    ? `GET /livez HTTP/1.1\r\nHost: 127.0.0.1:${r.port}\r\nConnection: keep-alive\r\n\r\n`
    : `POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1:${r.port}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nAuthorization: Bearer ${r.credential}\r\nContent-Length: `;
  const idle: Connection[] = [];
  // Due requests that found every connection busy, sent in order as connections free up (each
  // still timed from its own due time).
  const waiting: Array<{ i: number; dueMs: number }> = [];

  const write = (c: Connection, i: number, dueMs: number) => {
    const payload = body?.(i);
    const sentMs = performance.now();
    lateness.push(sentMs - dueMs);
    c.inFlight = { dueMs, sentMs };
    c.socket.write(payload === undefined ? head : `${head}${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
  };
  const release = (c: Connection) => {
    const next = waiting.shift();
    if (next) write(c, next.i, next.dueMs);
    else idle.push(c);
  };
  const fail = (c: Connection) => {
    c.open = false;
    if (c.inFlight) {
      c.inFlight = null;
      errors++;
      settle();
    }
  };
  const onData = (c: Connection, chunk: Buffer) => {
    let buf = c.buffered ? Buffer.concat([c.buffered, chunk]) : chunk;
    let frame;
    try {
      frame = frameOf(buf);
    } catch {
      c.socket.destroy();
      return fail(c);
    }
    if (frame === null || buf.length < frame.length) {
      c.buffered = buf;
      return;
    }
    const endMs = performance.now();
    buf = buf.subarray(frame.length);
    c.buffered = buf.length > 0 ? buf : null;
    const f = c.inFlight;
    if (!f) return;
    c.inFlight = null;
    samples.push(endMs - f.dueMs);
    fromSend.push(endMs - f.sentMs);
    const s = String(frame.status);
    statuses[s] = (statuses[s] ?? 0) + 1;
    settle();
    release(c);
  };

  const connections = await Promise.all(
    Array.from({ length: r.connections }, () => new Promise<Connection>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: r.port, noDelay: true });
      const c: Connection = { socket, inFlight: null, buffered: null, open: true };
      socket.once("connect", () => resolve(c));
      socket.once("error", reject);
    })),
  );
  for (const c of connections) {
    c.socket.removeAllListeners("error");
    c.socket.on("data", (chunk: Buffer) => onData(c, chunk));
    c.socket.on("error", () => fail(c));
    c.socket.on("close", () => fail(c));
    idle.push(c);
  }

  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // Sends every request that is due, then sleeps until the next is (a timer, not a busy loop: a
    // process that spins loses its wake-ups to the machine's other jobs). A late wake-up sends what
    // it missed at once, each timed from its own due time, so lateness is never hidden.
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) {
        const dueMs = t0 + sent * intervalMs;
        let c = idle.pop();
        while (c && !c.open) c = idle.pop();
        if (c) write(c, sent, dueMs);
        else waiting.push({ i: sent, dueMs });
        sent++;
      }
      if (sent === total) return resolve();
      setTimeout(tick, Math.max(0, Math.floor(t0 + sent * intervalMs - performance.now())));
    };
    tick();
  });
  const drained = await Promise.race([finished.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref())]);
  for (const c of connections) c.socket.destroy();
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
