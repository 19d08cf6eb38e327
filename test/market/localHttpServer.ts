import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a route does with one request. */
export type Reply =
  | { kind: "json"; body: unknown; status?: number }
  | { kind: "text"; body: string; status?: number }
  /** Wait before sending anything. */
  | { kind: "delay"; ms: number; then: Reply }
  /** Send headers and half a body, then stall. */
  | { kind: "stall-body"; ms: number }
  /** Whatever the promise resolves to (a route that must await, e.g. to check a signature). */
  | { kind: "async"; reply: Promise<Reply> };

/** Picks the reply; `request` gives the headers (e.g. to check auth). */
export type Route = (url: URL, request: IncomingMessage) => Reply;

export type LocalHttpServer = {
  baseUrl: string;
  /** Every request path+query, in order. */
  requests: string[];
  setRoute(route: Route): void;
  close(): Promise<void>;
};

/** A real HTTP server on 127.0.0.1 (ephemeral port) serving whatever the test's route says. */
export async function startLocalHttpServer(route: Route = () => ({ kind: "json", body: [] })): Promise<LocalHttpServer> {
  let current = route;
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const send = (response: ServerResponse, reply: Reply): void => {
    if (response.destroyed) return;
    switch (reply.kind) {
      case "json":
        response.writeHead(reply.status ?? 200, { "content-type": "application/json" });
        response.end(JSON.stringify(reply.body));
        return;
      case "text":
        response.writeHead(reply.status ?? 200, { "content-type": "application/json" });
        response.end(reply.body);
        return;
      case "delay":
        later(reply.ms, () => send(response, reply.then));
        return;
      case "stall-body":
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('[{"id":');
        later(reply.ms, () => response.end());
        return;
      case "async":
        void reply.reply.then((next) => send(response, next));
        return;
    }
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    send(response, current(url, request));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setRoute(next) {
      current = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
