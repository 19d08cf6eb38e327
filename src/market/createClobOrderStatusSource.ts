import { z } from "zod";
import { type ClobOpenOrder, clobOpenOrderSchema } from "./clobOpenOrderSchema.js";
import { copyClobApiCredentials } from "./copyClobApiCredentials.js";
import { type ClobApiCredentials, createClobL2Headers } from "./createClobL2Headers.js";
import { MarketDataInvalidKeyError, MarketDataMismatchError, MarketDataNotFoundError, MarketDataSchemaError } from "../errors/marketErrors.js";
import { fetchJson } from "./fetchJson.js";

/** Parameters of {@link createClobOrderStatusSource}. */
export type CreateClobOrderStatusSourceParameters = {
  /** Default `https://clob.polymarket.com`. */
  clobUrl?: string;
  /** The L2 API key, secret and passphrase (secrets: kept in this closure, never logged). */
  credentials: ClobApiCredentials;
  /** The address the API key belongs to (`POLY_ADDRESS`). */
  address: string;
  /** Budget for headers and body of one request, in ms (default 5,000). */
  timeoutMs?: number;
  /** Clock in unix ms (the `POLY_TIMESTAMP` is its seconds). */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
};

/** Reads one order's state from the CLOB. */
export type ClobOrderStatusSource = {
  /** Where requests go, for logs: `clob-orders:<base URL>`. */
  readonly source: string;
  /**
   * The order whose id is `orderHash`, validated and checked to be that order.
   * Rejects with a `MarketDataUnavailableError` subclass on any failure.
   */
  getOrder(orderHash: string): Promise<ClobOpenOrder>;
};

const ORDER_HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * The CLOB's order-status endpoint, `GET {clobUrl}/data/order/{orderID}` with L2 auth headers
 * (`createClobL2Headers`, as `clob-client-v2`'s `getOrder` signs it: the path `/data/order/{orderID}`,
 * no body). Each request has one timeout for headers and body. The answer is validated with zod
 * against clob-client-v2's `OpenOrder` and must be the order asked for (`id` equal to `orderHash`,
 * hex case ignored). Failures reject with typed errors: {@link MarketDataTimeoutError},
 * {@link MarketDataNetworkError}, {@link MarketDataHttpStatusError} (5xx, 401, 429…),
 * {@link MarketDataMalformedError} (not JSON), {@link MarketDataSchemaError} (wrong shape; {@link MarketDataMismatchError}
 * for another order's id), {@link MarketDataNotFoundError} (404, an empty body, `null` or `{}`: unknown order).
 * Error texts name the source and the order hash, never a credential.
 *
 * @param parameters - `{ clobUrl?, credentials, address, timeoutMs?, now?, fetch? }`.
 * @returns The source.
 * @throws {InvalidParameterError} when a credential or the address is malformed (the value is not echoed).
 *
 * @example
 * ```ts
 * const orders = createClobOrderStatusSource({ credentials: { key, secret, passphrase }, address: wallet });
 * const order = await orders.getOrder("0x…"); // { id, status: "ORDER_STATUS_LIVE", original_size, size_matched, … }
 * ```
 */
export function createClobOrderStatusSource({
  clobUrl = "https://clob.polymarket.com",
  credentials,
  address,
  timeoutMs = 5_000,
  now = Date.now,
  fetch,
}: CreateClobOrderStatusSourceParameters): ClobOrderStatusSource {
  const creds = copyClobApiCredentials(credentials, address);
  const base = clobUrl.replace(/\/+$/, "");
  const source = `clob-orders:${base}`;

  return {
    source,
    async getOrder(orderHash) {
      const key = `order:${orderHash}`;
      if (!ORDER_HASH.test(orderHash)) throw new MarketDataInvalidKeyError({ source, key: key.slice(0, 80), expected: "an order hash (0x + 64 hex)" });
      const requestPath = `/data/order/${orderHash}`;
      const headers = createClobL2Headers({ credentials: creds, address, method: "GET", requestPath, timestampS: Math.floor(now() / 1000) });
      const body = await fetchJson({ url: new URL(`${base}${requestPath}`), source, key, timeoutMs, fetch, headers, emptyIsNotFound: true });
      if (typeof body === "object" && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)
        throw new MarketDataNotFoundError({ source, key });
      const parsed = clobOpenOrderSchema.safeParse(body);
      if (!parsed.success) throw new MarketDataSchemaError({ source, key, issues: z.prettifyError(parsed.error) });
      if (parsed.data.id.toLowerCase() !== orderHash.toLowerCase())
        throw new MarketDataMismatchError({ source, key, expected: orderHash, got: parsed.data.id });
      return parsed.data;
    },
  };
}
