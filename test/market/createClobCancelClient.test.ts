import type { IncomingMessage } from "node:http";
import { ClobClient } from "@polymarket/clob-client-v2";
import { createWalletClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createClobCancelClient } from "../../src/market/createClobCancelClient";
import { clobCredentials } from "../helpers/fakeClob";
import { type LocalHttpServer, type Reply, startLocalHttpServer } from "./localHttpServer";

const account = privateKeyToAccount(generatePrivateKey());
const creds = clobCredentials();
const POLY = ["poly_address", "poly_signature", "poly_timestamp", "poly_api_key", "poly_passphrase"];

type Captured = { method: string; path: string; body: string; headers: Record<string, string> };
let server: LocalHttpServer;
const captured: Captured[] = [];
let next: (() => Reply) | null = null;
const capture = (url: URL, request: IncomingMessage): Reply => ({
  kind: "async",
  reply: new Promise((resolve) => {
    let body = "";
    request.on("data", (d) => (body += d));
    request.on("end", () => {
      const headers = Object.fromEntries(POLY.map((h) => [h, String(request.headers[h] ?? "")]));
      captured.push({ method: request.method ?? "", path: url.pathname, body, headers });
      resolve(next ? next() : { kind: "json", body: { canceled: [], not_canceled: {} } });
    });
  }),
});

beforeAll(async () => {
  server = await startLocalHttpServer(capture);
});
afterAll(async () => {
  await server.close();
});

const client = (over: Partial<Parameters<typeof createClobCancelClient>[0]> = {}) =>
  createClobCancelClient({ clobUrl: server.baseUrl, credentials: creds, address: account.address, timeoutMs: 300, maxAttempts: 3, backoffMs: 10, deadlineMs: 2_000, ...over });
const ID1 = `0x${"ab".repeat(32)}`;
const ID2 = `0x${"cd".repeat(32)}`;
const MARKET = `0x${"5f".repeat(32)}`;

describe("cancel requests are the ones @polymarket/clob-client-v2 sends, byte for byte", () => {
  test.each([
    ["cancelAll", (c: ClobClient) => c.cancelAll(), (o: ReturnType<typeof client>) => o.cancelAll()],
    ["cancelOrders", (c: ClobClient) => c.cancelOrders([ID1, ID2]), (o: ReturnType<typeof client>) => o.cancelOrders([ID1, ID2])],
    ["cancelMarketOrders (market)", (c: ClobClient) => c.cancelMarketOrders({ market: MARKET }), (o: ReturnType<typeof client>) => o.cancelMarketOrders({ market: MARKET })],
    [
      "cancelMarketOrders (market and asset)",
      (c: ClobClient) => c.cancelMarketOrders({ market: MARKET, asset_id: "123" }),
      (o: ReturnType<typeof client>) => o.cancelMarketOrders({ market: MARKET, asset_id: "123" }),
    ],
  ] as const)("%s: method, path, body and the five L2 headers", async (_name, viaClobClient, viaWarden) => {
    const reference = new ClobClient({ host: server.baseUrl, chain: 137, signer: createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:9") }), creds });
    captured.length = 0;
    await viaClobClient(reference);
    const a = captured[0] as Captured;
    // The same second: the signature then depends on nothing but method, path and body.
    const outcome = await viaWarden(client({ now: () => Number(a.headers.poly_timestamp) * 1000 }));
    const b = captured[1] as Captured;
    expect(outcome).toEqual({ ok: true, attempts: 1, status: 200, answer: { canceled: [], not_canceled: {} } });
    expect(b).toEqual(a);
  });
});

describe("retries and outcomes", () => {
  test("5xx, 429 and non-answers are retried within the attempts; the last failure is reported with the CLOB's text", async () => {
    captured.length = 0;
    let n = 0;
    next = () => (++n < 3 ? { kind: "json", status: n === 1 ? 503 : 429, body: { error: "busy" } } : { kind: "json", body: { canceled: [ID1.toUpperCase().replace("0X", "0x")], not_canceled: null } });
    expect(await client().cancelOrders([ID1])).toEqual({ ok: true, attempts: 3, status: 200, answer: { canceled: [ID1], not_canceled: {} } });
    n = 0;
    next = () => ({ kind: "text", status: 502, body: "bad gateway" });
    expect(await client().cancelAll()).toEqual({ ok: false, attempts: 3, status: 502, error: "http_status", answer: "bad gateway" });
    next = null;
  });

  test("a 4xx other than 429 is final (one attempt); an answer that is not a cancel answer is malformed", async () => {
    next = () => ({ kind: "json", status: 401, body: { error: "Unauthorized/Invalid api key" } });
    expect(await client().cancelAll()).toMatchObject({ ok: false, attempts: 1, status: 401, error: "http_status" });
    next = () => ({ kind: "json", body: { canceled: "all" } });
    expect(await client().cancelAll()).toMatchObject({ ok: false, attempts: 3, status: 200, error: "malformed" });
    next = null;
  });

  test("the deadline bounds the retries: no attempt starts after it", async () => {
    next = () => ({ kind: "json", status: 500, body: {} });
    const started = performance.now();
    const r = await client({ maxAttempts: 10, backoffMs: 100, deadlineMs: 350 }).cancelAll();
    expect(r).toMatchObject({ ok: false, error: "http_status" });
    expect(r.attempts).toBe(3); // 0, +100, +300 ms; the next would start at +700 ms
    expect(performance.now() - started).toBeLessThan(600);
    next = null;
  });

  test("the CLOB's answer never carries a credential back into a report", async () => {
    next = () => ({ kind: "text", status: 400, body: `bad key ${creds.key} / ${creds.passphrase} / ${creds.secret}` });
    const r = await client().cancelAll();
    expect(r).toMatchObject({ ok: false, answer: "bad key [redacted] / [redacted] / [redacted]" });
    next = null;
  });

  test("malformed order ids, markets and credentials are refused before anything is sent, without echoing them", () => {
    expect(() => client().cancelOrders([])).toThrow(/Pass 1 to 3000 order hashes/);
    expect(() => client().cancelOrders(["0x12"])).toThrow(/Pass 1 to 3000 order hashes/);
    expect(() => client().cancelOrders(Array.from({ length: 3001 }, () => ID1))).toThrow(/Pass 1 to 3000/);
    expect(() => client().cancelMarketOrders({ market: "fed" })).toThrow(/condition id/);
    const e = (() => {
      try {
        client({ credentials: { ...creds, passphrase: `${creds.passphrase} x` } });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(e?.message).toMatch(/credentials.passphrase/);
    expect(e?.message.includes(creds.passphrase)).toBe(false);
  });
});
