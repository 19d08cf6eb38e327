import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { openLoop } from "../bench/httpOpenLoop";

// The bench's open-loop generator reads responses off raw TCP itself: it must frame every answer
// (split across packets, bodies of any size), count statuses and send each request's own body.
const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<number> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => server.close() });
  return (server.address() as AddressInfo).port;
}

const run = { credential: "wdn_test", template: "", firstSalt: 0 };

describe("bench open-loop generator", () => {
  test("frames responses written in pieces, counts 200 and 403, and sends each request's own body once", async () => {
    const seen: string[] = [];
    const port = await serve((req, res, body) => {
      expect(req.headers.authorization).toBe("Bearer wdn_test");
      seen.push(body);
      const i = Number(JSON.parse(body).i);
      const out = i % 3 === 0 ? JSON.stringify({ error: "denied", pad: "x".repeat(i * 37) }) : JSON.stringify({ signature: `0x${i}`, pad: "é".repeat(i) });
      res.writeHead(i % 3 === 0 ? 403 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(out) });
      // Headers, then the body in two writes a moment apart: the reader must wait for all of it.
      res.flushHeaders();
      const cut = Math.floor(out.length / 2);
      setTimeout(() => {
        res.write(out.slice(0, cut));
        setTimeout(() => res.end(out.slice(cut)), 1);
      }, 1);
    });
    const r = await openLoop({ ...run, port, connections: 4, seconds: 0.3, rate: 400 }, (i) => JSON.stringify({ i }));
    expect(r).toMatchObject({ requests: 120, ok: 80, denied: 40, non2xx: 40, errors: 0, timeouts: 0, statuses: { "200": 80, "403": 40 } });
    expect(seen.map((b) => Number(JSON.parse(b).i)).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(r.p50_us).toBeGreaterThan(0);
    expect(r.p99_us).toBeGreaterThanOrEqual(r.p50_us);
    expect(r.split?.from_send_p99_us).toBeGreaterThan(0);
  }, 30_000);

  test("GET /livez when there is no body; a response it cannot frame (no Content-Length) is an error, not a hang", async () => {
    let n = 0;
    const port = await serve((req, res) => {
      expect(`${req.method} ${req.url}`).toBe("GET /livez");
      if (n++ === 5) {
        // Chunked: no Content-Length.
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("ok");
        return void res.end();
      }
      res.writeHead(200, { "content-length": 2 });
      res.end("ok");
    });
    const r = await openLoop({ ...run, port, connections: 2, seconds: 0.1, rate: 200 }, null);
    expect(r).toMatchObject({ requests: 20, ok: 19, errors: 1, timeouts: 0 });
  }, 30_000);
});
