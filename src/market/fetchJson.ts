import {
  MarketDataHttpStatusError,
  MarketDataMalformedError,
  MarketDataNetworkError,
  MarketDataNotFoundError,
  MarketDataTimeoutError,
} from "../errors/marketErrors.js";

/** Parameters of {@link fetchJson}. */
export type FetchJsonParameters = {
  url: URL;
  /** Source named in errors, e.g. `"clob:https://clob.polymarket.com"`. */
  source: string;
  /** Key named in errors, e.g. `"book:7132…"`. */
  key: string;
  /** Budget for the whole exchange, headers and body, in ms. */
  timeoutMs: number;
  /** Injected `fetch` (defaults to Node's global). */
  fetch?: typeof globalThis.fetch;
  /** Extra request headers (e.g. CLOB L2 auth); never logged, never put in an error. */
  headers?: Record<string, string>;
  /** Treat an empty 2xx body (or JSON `null`) as {@link MarketDataNotFoundError}, for APIs that answer "no such thing" that way. */
  emptyIsNotFound?: boolean;
};

/** The parsed JSON body; its shape is still unknown and must be validated. */
export type FetchJsonReturnType = unknown;

/**
 * GETs a URL and parses the body as JSON, within one timeout for headers and body together.
 * Each failure becomes a typed error so a guard can fail closed: timeout → {@link MarketDataTimeoutError},
 * connection failure → {@link MarketDataNetworkError}, 404 → {@link MarketDataNotFoundError},
 * other non-2xx → {@link MarketDataHttpStatusError}, non-JSON body → {@link MarketDataMalformedError}.
 *
 * @param parameters - `{ url, source, key, timeoutMs, fetch?, headers?, emptyIsNotFound? }`.
 * @returns The parsed JSON value.
 *
 * @example
 * ```ts
 * const body = await fetchJson({
 *   url: new URL("https://clob.polymarket.com/book?token_id=1"),
 *   source: "clob:https://clob.polymarket.com",
 *   key: "book:1",
 *   timeoutMs: 2_000,
 * });
 * ```
 */
export async function fetchJson({
  url,
  source,
  key,
  timeoutMs,
  fetch: fetchFn = globalThis.fetch,
  headers = {},
  emptyIsNotFound = false,
}: FetchJsonParameters): Promise<FetchJsonReturnType> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetchFn(url, {
      signal: controller.signal,
      headers: { ...headers, accept: "application/json" },
    });
    status = response.status;
    // The body is read under the same timer: a server that sends headers and then stalls is slow too.
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted) throw new MarketDataTimeoutError({ source, key, timeoutMs });
    throw new MarketDataNetworkError({ source, key, cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (status === 404) throw new MarketDataNotFoundError({ source, key });
  if (status < 200 || status > 299) throw new MarketDataHttpStatusError({ source, key, status });
  if (emptyIsNotFound && text.trim() === "") throw new MarketDataNotFoundError({ source, key });
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    throw new MarketDataMalformedError({ source, key, cause: error });
  }
  if (emptyIsNotFound && body === null) throw new MarketDataNotFoundError({ source, key });
  return body;
}
