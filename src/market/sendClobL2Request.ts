import { type ClobApiCredentials, createClobL2Headers } from "./createClobL2Headers.js";

/** Parameters of {@link sendClobL2Request}. */
export type SendClobL2RequestParameters = {
  /** CLOB base URL without a trailing slash, e.g. `https://clob.polymarket.com`. */
  base: string;
  credentials: ClobApiCredentials;
  /** The address the API key belongs to (`POLY_ADDRESS`). */
  address: string;
  method: "POST" | "DELETE";
  /** Path on the CLOB host, signed as is, e.g. `/cancel-all`. */
  requestPath: string;
  /** JSON body; serialised once, and that exact text is both signed and sent. */
  body?: unknown;
  /** Budget for headers and body of the answer, ms. */
  timeoutMs: number;
  /** Clock in unix ms (the `POLY_TIMESTAMP` is its seconds). */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
};

/** What came back: an answer (any status, its text), or none. */
export type ClobL2Response = { kind: "answered"; status: number; text: string } | { kind: "timeout" } | { kind: "network"; error: string };

/**
 * Sends one request to the CLOB with L2 authentication, as `@polymarket/clob-client-v2` does for
 * its cancel and heartbeat calls: `createClobL2Headers` over `timestamp + method + path + body`
 * where the body is `JSON.stringify(body)` (clob-client-v2) — compact, the same text
 * py-clob-client-v2 signs — and sent with `content-type: application/json`. One timeout covers
 * headers and body. Never throws: the caller decides what a status means. The headers hold the
 * API key and passphrase; they go to `fetch` and nowhere else (an error's text is reduced to its
 * name, so a message that echoes a header cannot leak it).
 *
 * @param parameters - `{ base, credentials, address, method, requestPath, body?, timeoutMs, now?, fetch? }`.
 * @returns The answer, a timeout or a network failure.
 * @example
 * ```ts
 * const r = await sendClobL2Request({ base, credentials, address, method: "DELETE", requestPath: "/orders", body: ["0x…"], timeoutMs: 2_000 });
 * if (r.kind === "answered" && r.status === 200) JSON.parse(r.text); // { canceled: [...], not_canceled: {...} }
 * ```
 */
export async function sendClobL2Request({
  base,
  credentials,
  address,
  method,
  requestPath,
  body,
  timeoutMs,
  now = Date.now,
  fetch: fetchFn = globalThis.fetch,
}: SendClobL2RequestParameters): Promise<ClobL2Response> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...createClobL2Headers({ credentials, address, method, requestPath, ...(text === undefined ? {} : { body: text }), timestampS: Math.floor(now() / 1000) }),
    accept: "application/json",
    ...(text === undefined ? {} : { "content-type": "application/json" }),
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchFn(`${base}${requestPath}`, { method, headers, signal: controller.signal, ...(text === undefined ? {} : { body: text }) });
    // The answer's body is read under the same timer: headers and then a stall is slow too.
    return { kind: "answered", status: response.status, text: await response.text() };
  } catch (error) {
    if (controller.signal.aborted) return { kind: "timeout" };
    return { kind: "network", error: error instanceof Error ? error.name : "unknown" };
  } finally {
    clearTimeout(timer);
  }
}
