import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { getAddress } from "viem";
import type { Reply, Route } from "../market/localHttpServer";
import { buildPolyHmacSignature } from "./clobHmac";

/** Fresh CLOB L2 credentials in Polymarket's formats (UUID key, base64url secret, hex passphrase). */
export function clobCredentials() {
  return { key: randomUUID(), secret: randomBytes(32).toString("base64url"), passphrase: randomBytes(32).toString("hex") };
}

/** One order as `GET /data/order/{id}` returns it (clob-client-v2 `OpenOrder`, docs.polymarket.com example). */
export function clobOrder(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    status: "ORDER_STATUS_LIVE",
    owner: "f4f247b7-4ac7-ff29-a152-04fda0a8755a",
    maker_address: "0x1234567890123456789012345678901234567890",
    market: `0x${"00".repeat(31)}01`,
    asset_id: "104656997773343516662479546460498331313910828479746660942916932994008403069514",
    side: "BUY",
    original_size: "100",
    size_matched: "0",
    price: "0.4",
    outcome: "Yes",
    expiration: "0",
    order_type: "GTC",
    associate_trades: [],
    created_at: 1_767_225_600,
    ...over,
  };
}

/**
 * Whether a request carries the L2 headers the CLOB accepts for this key and address: key,
 * passphrase and address as issued, a timestamp within 30 s, and clob-client-v2's own HMAC over
 * `timestamp + method + path (+ body)`.
 */
export async function clobL2AuthOk(
  request: IncomingMessage,
  { credentials, address, path, body }: { credentials: ReturnType<typeof clobCredentials>; address: string; path: string; body?: string },
): Promise<boolean> {
  const header = (name: string) => String(request.headers[name.toLowerCase()] ?? "");
  const timestamp = Number(header("POLY_TIMESTAMP"));
  const expected = await buildPolyHmacSignature(credentials.secret, timestamp, request.method ?? "", path, body);
  return (
    header("POLY_API_KEY") === credentials.key &&
    header("POLY_PASSPHRASE") === credentials.passphrase &&
    header("POLY_ADDRESS") === getAddress(address) &&
    Math.abs(timestamp - Date.now() / 1000) < 30 &&
    header("POLY_SIGNATURE") === expected
  );
}

/** A fake CLOB's state: what each order id answers, and what it saw. */
export type FakeClob = {
  /** Order id (lower-case) → reply; unknown ids answer 404 like the CLOB. */
  replies: Map<string, Reply>;
  /** Requests whose L2 signature or key did not check out (answered 401). */
  authFailures: number;
  route: Route;
};

/**
 * Serves `GET /data/order/{id}` and authenticates every request the way the CLOB does, with
 * clob-client-v2's own HMAC: a wrong key, passphrase, address or signature answers 401.
 */
export function fakeClob({ credentials, address }: { credentials: ReturnType<typeof clobCredentials>; address: string }): FakeClob {
  const clob: FakeClob = {
    replies: new Map(),
    authFailures: 0,
    route: (url: URL, request: IncomingMessage): Reply => ({ kind: "async", reply: answer(url, request) }),
  };
  async function answer(url: URL, request: IncomingMessage): Promise<Reply> {
    const match = /^\/data\/order\/(0x[0-9a-fA-F]{64})$/.exec(url.pathname);
    if (request.method !== "GET" || !match) return { kind: "json", status: 404, body: { error: "not found" } };
    const ok = await clobL2AuthOk(request, { credentials, address, path: url.pathname });
    if (!ok) {
      clob.authFailures++;
      return { kind: "json", status: 401, body: { error: "Unauthorized/Invalid api key" } };
    }
    return clob.replies.get((match[1] as string).toLowerCase()) ?? { kind: "json", status: 404, body: { error: "order not found" } };
  }
  return clob;
}
