import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What a JSON-RPC server forwards to (a Hardhat network connection's EIP-1193 provider). */
export type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

/** A real JSON-RPC-over-HTTP endpoint in front of a provider, which a test can take down and bring back on the same port. */
export type JsonRpcServer = { url: string; stop(): Promise<void>; start(): Promise<void>; close(): Promise<void> };

/**
 * Serves a provider over HTTP on 127.0.0.1 (single and batch requests), so Warden and the `warden`
 * command read the local chain through `wallet.rpc_url` exactly as they read Polygon.
 */
export async function startJsonRpcServer(provider: Eip1193): Promise<JsonRpcServer> {
  const answer = async (req: { id?: unknown; method: string; params?: unknown[] }) => {
    try {
      return { jsonrpc: "2.0", id: req.id ?? null, result: await provider.request({ method: req.method, params: req.params ?? [] }) };
    } catch (e) {
      const err = e as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id: req.id ?? null, error: { code: typeof err.code === "number" ? err.code : -32000, message: err.message ?? "error", ...(err.data !== undefined ? { data: err.data } : {}) } };
    }
  };
  let server: Server | null = null;
  let port = 0;
  const start = async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Parameters<typeof answer>[0] | Parameters<typeof answer>[0][];
        void (Array.isArray(body) ? Promise.all(body.map(answer)) : answer(body)).then((out) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
        });
      });
    });
    await new Promise<void>((resolve) => server?.listen(port, "127.0.0.1", resolve));
    port = (server?.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  return { url: `http://127.0.0.1:${port}`, start, stop, close: stop };
}
