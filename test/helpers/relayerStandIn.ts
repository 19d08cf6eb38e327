import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RelayerExecuteRequestSchema, RelayerTransactionType } from "@polymarket/bindings/relayer";
import type { RelayerWalletRequest } from "../../src/chain/depositWalletSessionSignerBatch";

/** One request the stand-in received. */
export type RelayerSubmission = { headers: Record<string, string | string[] | undefined>; body: unknown };

/**
 * A local stand-in for Polymarket's relayer: `POST /submit` takes exactly the request shape
 * @polymarket/bindings defines (`RelayerExecuteRequestSchema`, checked with that schema), runs a
 * `WALLET` batch through the factory as its operator, and answers like the relayer
 * (`{ state, transactionID, transactionHash }`), or 400 with the error.
 */
export async function startRelayerStandIn({ run }: { run: (request: RelayerWalletRequest) => Promise<string> }) {
  const received: RelayerSubmission[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.method !== "POST" || request.url !== "/submit") return reply(404, { error: "not found" });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reply(400, { error: "invalid json" });
      }
      received.push({ headers: request.headers, body });
      const parsed = RelayerExecuteRequestSchema.safeParse(body);
      if (!parsed.success || parsed.data.type !== RelayerTransactionType.WALLET) return reply(400, { error: "invalid request" });
      void run(body as RelayerWalletRequest).then(
        (transactionHash) => reply(200, { state: "STATE_MINED", transactionID: randomUUID(), transactionHash }),
        (e: unknown) => reply(400, { error: e instanceof Error ? e.message.split("\n")[0] : "failed" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
