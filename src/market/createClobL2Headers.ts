import { createHmac } from "node:crypto";
import { getAddress } from "viem";

/** A CLOB L2 API key, as `createOrDeriveApiKey` returns it (`ApiKeyCreds` in clob-client-v2). All three are secrets. */
export type ClobApiCredentials = {
  key: string;
  /** base64 (or base64url) HMAC key. */
  secret: string;
  passphrase: string;
};

/** Parameters of {@link createClobL2Headers}. */
export type CreateClobL2HeadersParameters = {
  credentials: ClobApiCredentials;
  /** The address the API key belongs to (sent as `POLY_ADDRESS`, checksummed). */
  address: string;
  method: "GET" | "POST" | "DELETE";
  /** Path (and query) on the CLOB host, e.g. `/data/order/0x…`; the host and any base-URL path are not signed. */
  requestPath: string;
  /** The exact request body text, when there is one. */
  body?: string;
  /** Unix seconds. */
  timestampS: number;
};

/** The five L2 headers. */
export type ClobL2Headers = {
  POLY_ADDRESS: string;
  POLY_SIGNATURE: string;
  POLY_TIMESTAMP: string;
  POLY_API_KEY: string;
  POLY_PASSPHRASE: string;
};

/**
 * Polymarket CLOB L2 authentication headers, built as `@polymarket/clob-client-v2`'s
 * `createL2Headers` builds them: `POLY_SIGNATURE` is HMAC-SHA256 over
 * `timestamp + method + requestPath (+ body)`, keyed by the base64-decoded API secret (base64url
 * accepted), encoded as base64 with `+` → `-` and `/` → `_` (padding kept). The result holds the
 * API key and passphrase: hand it to `fetch` and nowhere else (never log it).
 *
 * @param parameters - `{ credentials, address, method, requestPath, body?, timestampS }`.
 * @returns `{ POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_API_KEY, POLY_PASSPHRASE }`.
 *
 * @example
 * ```ts
 * const headers = createClobL2Headers({
 *   credentials: { key, secret, passphrase },
 *   address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
 *   method: "GET",
 *   requestPath: `/data/order/${orderHash}`,
 *   timestampS: Math.floor(Date.now() / 1000),
 * });
 * ```
 */
export function createClobL2Headers({ credentials, address, method, requestPath, body, timestampS }: CreateClobL2HeadersParameters): ClobL2Headers {
  const key = Buffer.from(credentials.secret.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  const message = `${timestampS}${method}${requestPath}${body ?? ""}`;
  const signature = createHmac("sha256", key).update(message, "utf8").digest("base64").replace(/\+/g, "-").replace(/\//g, "_");
  return {
    POLY_ADDRESS: getAddress(address),
    POLY_SIGNATURE: signature,
    POLY_TIMESTAMP: `${timestampS}`,
    POLY_API_KEY: credentials.key,
    POLY_PASSPHRASE: credentials.passphrase,
  };
}
