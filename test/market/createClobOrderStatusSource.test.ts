import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { InvalidParameterError } from "../../src/errors/InvalidParameterError";
import { createClobOrderStatusSource } from "../../src/market/createClobOrderStatusSource";
import {
  MarketDataHttpStatusError,
  MarketDataInvalidKeyError,
  MarketDataMalformedError,
  MarketDataMismatchError,
  MarketDataNetworkError,
  MarketDataNotFoundError,
  MarketDataSchemaError,
  MarketDataTimeoutError,
} from "../../src/errors/marketErrors";
import { clobCredentials, clobOrder, fakeClob, type FakeClob } from "../helpers/fakeClob";
import { startLocalHttpServer, type LocalHttpServer, type Reply } from "./localHttpServer";

const HASH = `0x${"ab".repeat(32)}`;
const OTHER = `0x${"cd".repeat(32)}`;
const address = privateKeyToAccount(generatePrivateKey()).address;
const credentials = clobCredentials();

let server: LocalHttpServer;
let clob: FakeClob;
beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  clob = fakeClob({ credentials, address });
  server.setRoute(clob.route);
  server.requests.length = 0;
});

const source = (over: Partial<Parameters<typeof createClobOrderStatusSource>[0]> = {}) =>
  createClobOrderStatusSource({ clobUrl: `${server.baseUrl}/`, credentials, address: address.toLowerCase(), timeoutMs: 300, ...over });

describe("GET /data/order/{orderID} with L2 auth", () => {
  test("asks for the order by hash, authenticated as the CLOB checks it, and returns the validated order", async () => {
    clob.replies.set(HASH, { kind: "json", body: clobOrder(HASH, { status: "ORDER_STATUS_MATCHED", size_matched: "100" }) });
    const order = await source().getOrder(HASH);
    expect(server.requests).toEqual([`/data/order/${HASH}`]);
    expect(clob.authFailures).toBe(0);
    expect(order).toMatchObject({ id: HASH, status: "ORDER_STATUS_MATCHED", original_size: "100", size_matched: "100" });
  });

  test("the same order with its hash in upper-case hex is the same order", async () => {
    const upper = `0x${HASH.slice(2).toUpperCase()}`;
    clob.replies.set(HASH, { kind: "json", body: clobOrder(upper) });
    await expect(source().getOrder(HASH)).resolves.toMatchObject({ id: upper });
  });

  test("wrong credentials are a 401 from the CLOB: an HTTP status error", async () => {
    clob.replies.set(HASH, { kind: "json", body: clobOrder(HASH) });
    const wrong = source({ credentials: { ...credentials, secret: clobCredentials().secret } });
    await expect(wrong.getOrder(HASH)).rejects.toMatchObject({ name: "MarketDataHttpStatusError", status: 401 });
    expect(clob.authFailures).toBe(1);
  });
});

describe("every failure is a typed error", () => {
  const valid = clobOrder(HASH);
  const { status: _s, ...noStatus } = valid;
  test.each<[string, Reply, new (...a: never[]) => Error, string]>([
    ["500", { kind: "json", status: 500, body: { error: "internal" } }, MarketDataHttpStatusError, "http_status"],
    ["503", { kind: "text", status: 503, body: "<html>busy</html>" }, MarketDataHttpStatusError, "http_status"],
    ["404", { kind: "json", status: 404, body: { error: "not found" } }, MarketDataNotFoundError, "not_found"],
    ["an empty body", { kind: "text", body: "" }, MarketDataNotFoundError, "not_found"],
    ["null", { kind: "text", body: "null" }, MarketDataNotFoundError, "not_found"],
    ["{}", { kind: "json", body: {} }, MarketDataNotFoundError, "not_found"],
    ["malformed JSON", { kind: "text", body: '{"id": "0xab' }, MarketDataMalformedError, "malformed_json"],
    ["an array", { kind: "json", body: [valid] }, MarketDataSchemaError, "schema_mismatch"],
    ["no status", { kind: "json", body: noStatus }, MarketDataSchemaError, "schema_mismatch"],
    ["a numeric size", { kind: "json", body: { ...valid, size_matched: 5 } }, MarketDataSchemaError, "schema_mismatch"],
    ["a negative size", { kind: "json", body: { ...valid, original_size: "-5" } }, MarketDataSchemaError, "schema_mismatch"],
    ["another order's id", { kind: "json", body: clobOrder(OTHER) }, MarketDataMismatchError, "schema_mismatch"],
    ["slow headers", { kind: "delay", ms: 2_000, then: { kind: "json", body: valid } }, MarketDataTimeoutError, "timeout"],
    ["a stalled body", { kind: "stall-body", ms: 2_000 }, MarketDataTimeoutError, "timeout"],
  ])("%s", async (_name, reply, type, reason) => {
    clob.replies.set(HASH, reply);
    const error = await source().getOrder(HASH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ reason, source: `clob-orders:${server.baseUrl}`, key: `order:${HASH}` });
  });

  test("connection refused → network error", async () => {
    await expect(source({ clobUrl: "http://127.0.0.1:9" }).getOrder(HASH)).rejects.toThrow(MarketDataNetworkError);
  });

  test("an id that is not an order hash is refused before any request", async () => {
    await expect(source().getOrder("0x1234")).rejects.toThrow(MarketDataInvalidKeyError);
    expect(server.requests).toEqual([]);
  });
});

describe("credentials are checked at construction, never echoed", () => {
  test.each([
    ["key", { ...credentials, key: "not a uuid key-value" }],
    ["secret", { ...credentials, secret: "has spaces in the secret value" }],
    ["passphrase", { ...credentials, passphrase: "line\nbreak-passphrase" }],
  ])("a malformed %s", (field, bad) => {
    const error = (() => {
      try {
        createClobOrderStatusSource({ credentials: bad, address });
      } catch (e) {
        return e as InvalidParameterError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error?.message).toContain(`credentials.${field}`);
    const value = bad[field as keyof typeof bad];
    expect(`${error?.message} ${JSON.stringify(error)} ${error?.stack}`.includes(value)).toBe(false);
  });
});
