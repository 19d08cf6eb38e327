import type { ClobApiCredentials } from "./createClobL2Headers.js";
import { copyClobApiCredentials } from "./copyClobApiCredentials.js";
import { scrubClobAnswer } from "./scrubClobAnswer.js";
import { sendClobL2Request } from "./sendClobL2Request.js";

/** The CLOB's heartbeat path as `@polymarket/clob-client-v2` and py-clob-client-v2 send it (their `HEARTBEAT` / `POST_HEARTBEAT` endpoint). */
export const HEARTBEAT_PATH = "/v1/heartbeats";

/** Parameters of {@link createClobHeartbeatClient}. */
export type CreateClobHeartbeatClientParameters = {
  /** Default `https://clob.polymarket.com`. */
  clobUrl?: string;
  /** The wallet's L2 API key (secrets: kept in this closure, never logged or echoed). */
  credentials: ClobApiCredentials;
  /** The address the API key belongs to (`POLY_ADDRESS`). */
  address: string;
  /** Budget of one heartbeat, ms. */
  timeoutMs: number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
};

/**
 * How one heartbeat went. `heartbeat_id` is the id the CLOB returned for the next beat (clob-client-v2
 * types the answer `{ heartbeat_id, error_msg? }`; the API reference shows `{ status: "ok" }`), or
 * null when it returned none.
 */
export type ClobHeartbeatOutcome =
  | { ok: true; status: number; heartbeat_id: string | null }
  | { ok: false; status: number | null; error: "timeout" | "network" | "http_status"; answer: string | null };

/** The CLOB's heartbeat endpoint, as the wallet. */
export type ClobHeartbeatClient = {
  /** Where heartbeats go, for logs: `clob-heartbeats:<base URL>`. */
  readonly source: string;
  /** One `POST /v1/heartbeats` with `{ heartbeat_id }` (`""` starts a new chain). Never throws; no retry: the next beat is the retry. */
  send(heartbeatId: string): Promise<ClobHeartbeatOutcome>;
};

/**
 * The CLOB's dead man's switch endpoint: `POST /v1/heartbeats` with the JSON body
 * `{"heartbeat_id": "<the id the previous beat returned, or empty>"}` and the L2 headers, as
 * clob-client-v2's `postHeartbeat` sends it. Once heartbeats have started, the CLOB cancels the
 * wallet's open orders when they stop (docs.polymarket.com "Send heartbeat"; the window is not
 * stated there — third-party sources say about 10 s — and is unconfirmed).
 *
 * @param parameters - `{ clobUrl?, credentials, address, timeoutMs, now?, fetch? }`.
 * @returns The client.
 * @throws {InvalidParameterError} when a credential or the address is malformed (values never echoed).
 * @example
 * ```ts
 * const beats = createClobHeartbeatClient({ credentials, address: wallet, timeoutMs: 2_000 });
 * const first = await beats.send("");
 * if (first.ok) await beats.send(first.heartbeat_id ?? "");
 * ```
 */
export function createClobHeartbeatClient({ clobUrl = "https://clob.polymarket.com", credentials, address, timeoutMs, now, fetch }: CreateClobHeartbeatClientParameters): ClobHeartbeatClient {
  const creds = copyClobApiCredentials(credentials, address);
  const base = clobUrl.replace(/\/+$/, "");
  return {
    source: `clob-heartbeats:${base}`,
    async send(heartbeatId) {
      const r = await sendClobL2Request({ base, credentials: creds, address, method: "POST", requestPath: HEARTBEAT_PATH, body: { heartbeat_id: heartbeatId }, timeoutMs, ...(now ? { now } : {}), ...(fetch ? { fetch } : {}) });
      if (r.kind !== "answered") return { ok: false, status: null, error: r.kind, answer: r.kind === "network" ? r.error : null };
      if (r.status < 200 || r.status > 299) return { ok: false, status: r.status, error: "http_status", answer: scrubClobAnswer(r.text, creds) };
      let id: unknown = null;
      try {
        id = (JSON.parse(r.text) as { heartbeat_id?: unknown } | null)?.heartbeat_id ?? null;
      } catch {
        id = null;
      }
      return { ok: true, status: r.status, heartbeat_id: typeof id === "string" && id.length > 0 && id.length <= 200 ? id : null };
    },
  };
}
