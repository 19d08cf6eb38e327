import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Reply, Route } from "../market/localHttpServer";
import { type clobCredentials, clobL2AuthOk } from "./fakeClob";

/** An order resting on the fake book: its id (the order hash), market (condition id) and asset (token id). */
export type RestingOrder = { id: string; market: string; asset_id: string };

/** One authenticated request the fake CLOB saw. */
export type SeenRequest = { method: string; path: string; body: unknown; text: string; at: number; atMs: number };

/** A stand-in for the CLOB's cancel and heartbeat endpoints, with a book of resting orders. */
export type FakeClobBook = {
  route: Route;
  /** Orders on the book, by lower-case id. */
  resting: Map<string, RestingOrder>;
  /** Orders that are no longer open (matched, cancelled before): id → the CLOB's reason. */
  gone: Map<string, string>;
  /** Every authenticated request, in arrival order (`at` is `performance.now()`). */
  seen: SeenRequest[];
  authFailures: number;
  /** Replies forced for `"METHOD /path"`, consumed one per request before the normal behaviour. */
  script: Map<string, Reply[]>;
  /** Rewrites a normal cancel answer (a partial answer, a CLOB bug). */
  rewrite: ((path: string, answer: { canceled: string[]; not_canceled: Record<string, string> }) => unknown) | null;
  /** Heartbeats received: time and the id sent. */
  heartbeats: Array<{ at: number; heartbeat_id: string }>;
  /** Dead man's switch: when set, no heartbeat for this long after one cancels every resting order. */
  heartbeatWindowMs: number | null;
  /** Orders the dead man's switch cancelled. */
  cancelledByHeartbeatLoss: string[];
  place(...orders: RestingOrder[]): void;
  stop(): void;
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (d: string) => (text += d));
    request.on("end", () => resolve(text));
  });

/**
 * A local CLOB stand-in speaking the shapes of `DELETE /order` (`{orderID}`), `DELETE /orders`
 * (a JSON array of ids), `DELETE /cancel-all` (no body), `DELETE /cancel-market-orders`
 * (`{market?, asset_id?}`) — each answering `{canceled, not_canceled}` — and
 * `POST /v1/heartbeats` (`{heartbeat_id}` → `{heartbeat_id}`, a new chain for `""`). Every request
 * is authenticated as the CLOB does, with clob-client-v2's own HMAC over
 * `timestamp + method + path + body`: a wrong key, passphrase, address or signature answers 401.
 */
export function fakeClobBook({ credentials, address }: { credentials: ReturnType<typeof clobCredentials>; address: string }): FakeClobBook {
  let lastBeatAt = 0;
  let chain = "";
  let timer: NodeJS.Timeout | null = null;
  const book: FakeClobBook = {
    resting: new Map(),
    gone: new Map(),
    seen: [],
    authFailures: 0,
    script: new Map(),
    rewrite: null,
    heartbeats: [],
    heartbeatWindowMs: null,
    cancelledByHeartbeatLoss: [],
    route: (url, request) => ({ kind: "async", reply: answer(url, request) }),
    place(...orders) {
      for (const o of orders) book.resting.set(o.id.toLowerCase(), { ...o, id: o.id.toLowerCase() });
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };

  const cancel = (ids: string[]) => {
    const canceled: string[] = [];
    const not_canceled: Record<string, string> = {};
    for (const raw of ids) {
      const id = raw.toLowerCase();
      if (book.resting.delete(id)) {
        canceled.push(id);
        book.gone.set(id, "already canceled or matched");
      } else not_canceled[id] = book.gone.get(id) ?? "order not found";
    }
    return { canceled, not_canceled };
  };

  async function answer(url: URL, request: IncomingMessage): Promise<Reply> {
    const text = await readBody(request);
    const method = request.method ?? "";
    const path = url.pathname;
    const ok = await clobL2AuthOk(request, { credentials, address, path, ...(text === "" ? {} : { body: text }) });
    if (!ok) {
      book.authFailures++;
      return { kind: "json", status: 401, body: { error: "Unauthorized/Invalid api key" } };
    }
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      return { kind: "json", status: 400, body: { error: "invalid body" } };
    }
    book.seen.push({ method, path, body, text, at: performance.now(), atMs: Date.now() });
    const scripted = book.script.get(`${method} ${path}`)?.shift();
    if (scripted) return scripted;
    const reply = (a: { canceled: string[]; not_canceled: Record<string, string> }): Reply => ({ kind: "json", body: book.rewrite ? book.rewrite(path, a) : a });
    switch (`${method} ${path}`) {
      case "DELETE /cancel-all":
        return reply(cancel([...book.resting.keys()]));
      case "DELETE /orders":
        if (!Array.isArray(body) || body.length > 3000) return { kind: "json", status: 400, body: { error: "expected at most 3000 order ids" } };
        return reply(cancel(body as string[]));
      case "DELETE /order":
        return reply(cancel([String((body as { orderID?: unknown })?.orderID ?? "")]));
      case "DELETE /cancel-market-orders": {
        const { market, asset_id } = (body ?? {}) as { market?: string; asset_id?: string };
        const ids = [...book.resting.values()]
          .filter((o) => (market === undefined || o.market === market.toLowerCase()) && (asset_id === undefined || o.asset_id === asset_id))
          .map((o) => o.id);
        return reply(cancel(ids));
      }
      case "POST /v1/heartbeats": {
        const sent = String((body as { heartbeat_id?: unknown })?.heartbeat_id ?? "");
        book.heartbeats.push({ at: performance.now(), heartbeat_id: sent });
        if (sent !== "" && sent !== chain) return { kind: "json", status: 400, body: { error: "Invalid Heartbeat ID" } };
        chain = randomUUID();
        lastBeatAt = performance.now();
        if (book.heartbeatWindowMs !== null && !timer) {
          timer = setInterval(() => {
            if (book.heartbeatWindowMs === null || performance.now() - lastBeatAt <= book.heartbeatWindowMs) return;
            book.cancelledByHeartbeatLoss.push(...cancel([...book.resting.keys()]).canceled);
            book.stop();
          }, 20);
          timer.unref();
        }
        return { kind: "json", body: { heartbeat_id: chain } };
      }
      default:
        return { kind: "json", status: 404, body: { error: "not found" } };
    }
  }
  return book;
}
