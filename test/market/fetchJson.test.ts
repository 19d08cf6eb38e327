import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  MarketDataHttpStatusError,
  MarketDataMalformedError,
  MarketDataNetworkError,
  MarketDataNotFoundError,
  MarketDataTimeoutError,
  MarketDataUnavailableError,
} from "../../src/errors/marketErrors.js";
import { fetchJson } from "../../src/market/fetchJson.js";
import { startLocalHttpServer, type LocalHttpServer } from "./localHttpServer.js";

let server: LocalHttpServer;
beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(async () => {
  await server.close();
});

const get = (timeoutMs = 1_000) =>
  fetchJson({ url: new URL(`${server.baseUrl}/x?a=1`), source: "test", key: "k", timeoutMs });

describe("fetchJson against a local server", () => {
  test("parses a JSON body", async () => {
    server.setRoute(() => ({ kind: "json", body: [{ a: 1 }] }));
    expect(await get()).toEqual([{ a: 1 }]);
  });

  test("slow headers → timeout", async () => {
    server.setRoute(() => ({ kind: "delay", ms: 2_000, then: { kind: "json", body: [] } }));
    await expect(get(100)).rejects.toThrow(MarketDataTimeoutError);
  });

  test("headers sent, body stalls → timeout", async () => {
    server.setRoute(() => ({ kind: "stall-body", ms: 2_000 }));
    await expect(get(100)).rejects.toMatchObject({ name: "MarketDataTimeoutError", reason: "timeout", timeoutMs: 100 });
  });

  test.each([500, 502, 503, 429, 400])("HTTP %i → status error", async (status) => {
    server.setRoute(() => ({ kind: "json", status, body: { error: "upstream" } }));
    await expect(get()).rejects.toMatchObject({ name: "MarketDataHttpStatusError", status, reason: "http_status" });
  });

  test("HTTP 404 → not found", async () => {
    server.setRoute(() => ({ kind: "json", status: 404, body: { error: "No orderbook exists for the requested token id" } }));
    await expect(get()).rejects.toThrow(MarketDataNotFoundError);
  });

  test.each(["", "{", "<html>502 Bad Gateway</html>", "[1,2"])("body %j → malformed", async (body) => {
    server.setRoute(() => ({ kind: "text", body }));
    await expect(get()).rejects.toThrow(MarketDataMalformedError);
  });

  test("connection refused → network error", async () => {
    const closed = await startLocalHttpServer();
    const url = new URL(`${closed.baseUrl}/x`);
    await closed.close();
    await expect(fetchJson({ url, source: "test", key: "k", timeoutMs: 1_000 })).rejects.toThrow(MarketDataNetworkError);
  });

  test("every failure is a MarketDataUnavailableError", async () => {
    server.setRoute(() => ({ kind: "json", status: 503, body: {} }));
    const error = await get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketDataUnavailableError);
    expect(error).toBeInstanceOf(MarketDataHttpStatusError);
  });
});
