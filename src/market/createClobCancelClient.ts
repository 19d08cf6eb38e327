import type { ClobApiCredentials } from "./createClobL2Headers.js";
import { type ClobCancelAnswer, clobCancelAnswerSchema } from "./clobCancelAnswerSchema.js";
import { copyClobApiCredentials } from "./copyClobApiCredentials.js";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { scrubClobAnswer } from "./scrubClobAnswer.js";
import { type ClobL2Response, sendClobL2Request } from "./sendClobL2Request.js";

/** The CLOB's most order ids per `DELETE /orders` (docs.polymarket.com: "Maximum 3000 orders per request"). */
export const MAX_ORDERS_PER_CANCEL = 3000;

/** Parameters of {@link createClobCancelClient}. */
export type CreateClobCancelClientParameters = {
  /** Default `https://clob.polymarket.com`. */
  clobUrl?: string;
  /** The wallet's L2 API key (secrets: kept in this closure, never logged or echoed). */
  credentials: ClobApiCredentials;
  /** The address the API key belongs to (`POLY_ADDRESS`). */
  address: string;
  /** One attempt's budget, ms. */
  timeoutMs: number;
  /** Attempts per request (1 = no retry). */
  maxAttempts: number;
  /** First pause between attempts, ms; doubles after each. */
  backoffMs: number;
  /** No attempt starts later than this after the first, ms. */
  deadlineMs: number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
};

/** How one cancel request ended, after its retries. `answer` is the CLOB's text (credentials scrubbed, at most 500 characters). */
export type ClobCancelOutcome =
  | { ok: true; attempts: number; status: number; answer: ClobCancelAnswer }
  | { ok: false; attempts: number; status: number | null; error: "timeout" | "network" | "http_status" | "malformed"; answer: string | null };

/** The CLOB's cancel endpoints, as the wallet. */
export type ClobCancelClient = {
  /** Where requests go, for logs: `clob-cancels:<base URL>`. */
  readonly source: string;
  /** `DELETE /cancel-all`: every open order of the wallet's API key. */
  cancelAll(): Promise<ClobCancelOutcome>;
  /** `DELETE /orders` with a JSON array of order ids (at most {@link MAX_ORDERS_PER_CANCEL}). */
  cancelOrders(orderIds: readonly string[]): Promise<ClobCancelOutcome>;
  /** `DELETE /cancel-market-orders` with `{ market }` (condition id) and optionally `asset_id` (token id). */
  cancelMarketOrders(p: { market: string; asset_id?: string }): Promise<ClobCancelOutcome>;
};

const ORDER_ID = /^0x[0-9a-fA-F]{64}$/;
const retryable = (r: ClobL2Response) => r.kind !== "answered" || r.status >= 500 || r.status === 429;

/**
 * The CLOB's cancel endpoints with the wallet's L2 API key, shaped as `@polymarket/clob-client-v2`
 * sends them (`cancelAll`, `cancelOrders`, `cancelMarketOrders`; the same L2 headers through
 * `createClobL2Headers`). A request is retried — timeouts, network errors, 5xx, 429, and 2xx
 * answers that are not a cancel answer — with exponential backoff (`backoffMs`, doubling) while
 * attempts remain and the deadline has not passed; cancels are idempotent, so a retry after a lost
 * answer is safe. Any other status is final. Never throws on the CLOB's behalf: the outcome says
 * what happened, with the CLOB's answer.
 *
 * @param parameters - `{ clobUrl?, credentials, address, timeoutMs, maxAttempts, backoffMs, deadlineMs, now?, fetch? }`.
 * @returns The client.
 * @throws {InvalidParameterError} when a credential, the address or an order id is malformed (values never echoed).
 * @example
 * ```ts
 * const cancels = createClobCancelClient({ credentials, address, timeoutMs: 2_000, maxAttempts: 4, backoffMs: 100, deadlineMs: 15_000 });
 * const r = await cancels.cancelOrders(["0x…"]);
 * if (r.ok) r.answer.canceled; // ["0x…"]
 * ```
 */
export function createClobCancelClient({
  clobUrl = "https://clob.polymarket.com",
  credentials,
  address,
  timeoutMs,
  maxAttempts,
  backoffMs,
  deadlineMs,
  now = Date.now,
  fetch,
}: CreateClobCancelClientParameters): ClobCancelClient {
  const base = clobUrl.replace(/\/+$/, "");
  const creds = copyClobApiCredentials(credentials, address);
  // The CLOB's answer goes into reports and the audit log: it must never carry a credential back.
  const scrub = (text: string) => scrubClobAnswer(text, creds);

  const send = async (requestPath: string, body?: unknown): Promise<ClobCancelOutcome> => {
    const started = now();
    let last: ClobCancelOutcome = { ok: false, attempts: 0, status: null, error: "network", answer: null };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const r = await sendClobL2Request({ base, credentials: creds, address, method: "DELETE", requestPath, body, timeoutMs, now, ...(fetch ? { fetch } : {}) });
      if (r.kind === "answered" && r.status >= 200 && r.status <= 299) {
        let parsed: ReturnType<typeof clobCancelAnswerSchema.safeParse> | null = null;
        try {
          parsed = clobCancelAnswerSchema.safeParse(JSON.parse(r.text));
        } catch {
          parsed = null;
        }
        if (parsed?.success) return { ok: true, attempts: attempt, status: r.status, answer: parsed.data };
        last = { ok: false, attempts: attempt, status: r.status, error: "malformed", answer: scrub(r.text) };
      } else if (r.kind === "answered") {
        last = { ok: false, attempts: attempt, status: r.status, error: "http_status", answer: scrub(r.text) };
        if (!retryable(r)) return last;
      } else last = { ok: false, attempts: attempt, status: null, error: r.kind, answer: r.kind === "network" ? r.error : null };
      const pause = backoffMs * 2 ** (attempt - 1);
      if (attempt === maxAttempts || now() + pause - started > deadlineMs) return last;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    return last;
  };

  return {
    source: `clob-cancels:${base}`,
    cancelAll: () => send("/cancel-all"),
    cancelOrders(orderIds) {
      if (orderIds.length === 0 || orderIds.length > MAX_ORDERS_PER_CANCEL || !orderIds.every((id) => ORDER_ID.test(id)))
        throw new InvalidParameterError({ field: "orderIds", fix: `Pass 1 to ${MAX_ORDERS_PER_CANCEL} order hashes (0x + 64 hex).` });
      return send("/orders", [...orderIds]);
    },
    cancelMarketOrders({ market, asset_id }) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(market)) throw new InvalidParameterError({ field: "market", fix: "Pass the market's condition id (0x + 64 hex)." });
      if (asset_id !== undefined && !/^[0-9]{1,78}$/.test(asset_id)) throw new InvalidParameterError({ field: "asset_id", fix: "Pass a decimal token id." });
      return send("/cancel-market-orders", asset_id === undefined ? { market } : { market, asset_id });
    },
  };
}
