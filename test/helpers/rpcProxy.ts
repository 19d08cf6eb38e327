import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Eip1193 = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of an in-process EIP-1193 provider (Hardhat's EVM),
 * so that code under test talks to "the chain" over HTTP as it would to a real RPC. Counts the
 * transactions sent through it; `down` makes it answer 503.
 */
export async function startRpcProxy(provider: Eip1193) {
  const state = { sent: 0, down: false, methods: [] as string[] };
  const handle = async (call: { id: unknown; method: string; params?: unknown }) => {
    state.methods.push(call.method);
    if (call.method === "eth_sendRawTransaction") state.sent++;
    try {
      return { jsonrpc: "2.0", id: call.id, result: await provider.request({ method: call.method, params: call.params }) };
    } catch (e) {
      const err = e as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id: call.id, error: { code: typeof err.code === "number" ? err.code : -32000, message: err.message ?? "error", ...(err.data === undefined ? {} : { data: err.data }) } };
    }
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      if (state.down) {
        res.writeHead(503).end("down");
        return;
      }
      const parsed = JSON.parse(body) as unknown;
      const out = Array.isArray(parsed) ? await Promise.all(parsed.map(handle)) : await handle(parsed as never);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}
