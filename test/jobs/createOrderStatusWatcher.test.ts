import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import fc from "fast-check";
import { type Hex, hashTypedData } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { createWarden } from "../../src/warden/createWarden";
import type { Warden } from "../../src/warden/Warden";
import { createLogger } from "../../src/log/createLogger";
import { createClobOrderStatusSource } from "../../src/market/createClobOrderStatusSource";
import { createOrderStatusWatcher } from "../../src/jobs/createOrderStatusWatcher";
import { orderStatusWatcherFromConfig } from "../../src/jobs/orderStatusWatcherFromConfig";
import { createServer } from "../../src/server/createServer";
import { WalletKey } from "../../src/signer/WalletKey";
import { clobCredentials, clobOrder, fakeClob, type FakeClob } from "../helpers/fakeClob";
import { FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";
import { startLocalHttpServer, type LocalHttpServer, type Reply } from "../market/localHttpServer";

const privateKey = generatePrivateKey();
const owner = privateKeyToAccount(privateKey);
const credentials = clobCredentials();

/** roomyRisk, except a 1,000 pUSD strategy gross cap, so each 40 pUSD order is 4 % of it. */
const config = (path: string): WardenConfigInput => ({
  ...roomyRisk,
  risk: {
    exposure: {
      ...roomyRisk.risk?.exposure,
      strategy: { gross_cap_usd: 1_000, net_cap_usd: 1e9, max_order_size_usd: 1e9, max_envelopes_per_min: 1_000_000, max_notional_per_min_usd: 1e9 },
    },
  },
  store: { path, synchronous: "NORMAL" },
  log: { level: "silent" },
});

const strategyGrossPct = async (warden: Warden) => {
  const r = await warden.closestToBreach({ strategy_id: "nba-mm", token_id: FIXTURE_TOKEN, minUtilisationPct: -1 });
  return r.status === "ok" ? r.caps.find((c) => c.key === "strategy.gross")?.utilisationPct : undefined;
};

/** Signs one order through the real pipeline; returns its intent id and CLOB order id. */
async function signOrder(warden: Warden, credential: string, salt: string): Promise<{ intent_id: string; hash: Hex }> {
  const typedData = orderTypedData(owner.address, { salt });
  await warden.sign({ credential, strategy_id: "nba-mm", request: { kind: "typed_data", typedData } });
  const hash = hashTypedData(typedData as never);
  return { intent_id: `int_${hash.slice(2)}`, hash };
}

let server: LocalHttpServer;
let clob: FakeClob;
beforeAll(async () => {
  server = await startLocalHttpServer();
  clob = fakeClob({ credentials, address: owner.address });
  server.setRoute(clob.route);
});
afterAll(async () => {
  await server.close();
});

describe("eight orders, eight CLOB answers: only the cancelled and the filled one are released", () => {
  const path = join(tempDir(), "warden.db");
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
  let warden: Warden;
  const orders: Record<string, { intent_id: string; hash: Hex }> = {};
  const answers: Record<string, (hash: Hex) => Reply> = {
    canceled: (h) => ({ kind: "json", body: clobOrder(h, { status: "ORDER_STATUS_CANCELED" }) }),
    matched: (h) => ({ kind: "json", body: clobOrder(h, { status: "ORDER_STATUS_MATCHED", original_size: "100", size_matched: "100" }) }),
    live: (h) => ({ kind: "json", body: clobOrder(h, { status: "ORDER_STATUS_LIVE" }) }),
    partial: (h) => ({ kind: "json", body: clobOrder(h, { status: "ORDER_STATUS_LIVE", size_matched: "60" }) }),
    error500: () => ({ kind: "json", status: 500, body: { error: "internal" } }),
    malformed: () => ({ kind: "text", body: '{"id":"0x' }),
    otherId: () => ({ kind: "json", body: clobOrder(`0x${"ee".repeat(32)}`, { status: "ORDER_STATUS_CANCELED" }) }),
    slow: (h) => ({ kind: "delay", ms: 1_500, then: { kind: "json", body: clobOrder(h, { status: "ORDER_STATUS_CANCELED" }) } }),
  };

  beforeAll(async () => {
    warden = await createWarden({ wallet: WalletKey.fromPrivateKey(privateKey), config: config(path), logger });
    const session = await grant(warden, owner);
    let salt = 1;
    for (const [name, answer] of Object.entries(answers)) {
      orders[name] = await signOrder(warden, session.credential, String(salt++));
      const o = orders[name] as { hash: Hex };
      clob.replies.set(o.hash, answer(o.hash));
    }
  });
  afterAll(async () => {
    await warden?.close();
  });

  test("every signed order is open, under its EIP-712 digest", async () => {
    const open = (await warden.listOpenOrders());
    expect(open.map((o) => o.order_hash)).toEqual(Object.values(orders).map((o) => o.hash));
    expect(open[0]).toMatchObject({ intent_id: orders.canceled?.intent_id, strategy_id: "nba-mm", side: "BUY", notional_usd: "40" });
    expect(await strategyGrossPct(warden)).toBe(32);
  });

  test("one poll releases exactly CANCELED and fully MATCHED; LIVE, partial, 500, malformed, another id, too slow all keep", async () => {
    const watcher = createOrderStatusWatcher({
      warden,
      source: createClobOrderStatusSource({ clobUrl: server.baseUrl, credentials, address: owner.address, timeoutMs: 500 }),
      pollIntervalMs: 60_000,
      maxConcurrency: 3,
      logger,
    });
    const report = await watcher.pollOnce();
    expect(clob.authFailures).toBe(0);
    expect(report.polled).toBe(8);
    expect(report.released).toEqual([
      { intent_id: orders.canceled?.intent_id, order_hash: orders.canceled?.hash, reason: "cancelled", status: "ORDER_STATUS_CANCELED" },
      { intent_id: orders.matched?.intent_id, order_hash: orders.matched?.hash, reason: "filled", status: "ORDER_STATUS_MATCHED" },
    ]);
    expect(Object.fromEntries(report.kept.map((k) => [Object.keys(orders).find((n) => orders[n]?.hash === k.order_hash), k.code]))).toEqual({
      live: "ORDER_STATUS_OPEN",
      partial: "ORDER_STATUS_PARTIAL",
      error500: "ORDER_STATUS_HTTP_STATUS",
      malformed: "ORDER_STATUS_MALFORMED",
      otherId: "ORDER_STATUS_ID_MISMATCH",
      slow: "ORDER_STATUS_TIMEOUT",
    });

    const open = (await warden.listOpenOrders()).map((o) => o.intent_id);
    expect(open).toEqual(["live", "partial", "error500", "malformed", "otherId", "slow"].map((n) => orders[n]?.intent_id));
    // Exposure dropped by exactly two 40 pUSD orders: 320 → 240 of the 1,000 pUSD cap.
    expect(await strategyGrossPct(warden)).toBe(24);

    const released = (await warden.store.readAuditOfKind("exposure_released")).map((r) => JSON.parse(r.payload_json));
    expect(released).toEqual([
      { intent_id: orders.canceled?.intent_id, reason: "cancelled", actor: "order-status-watcher" },
      { intent_id: orders.matched?.intent_id, reason: "filled", actor: "order-status-watcher" },
    ]);
    expect((await warden.verifyAudit()).ok).toBe(true);

    // Failures log at warn with a stable code; working orders at debug.
    const logged = lines.map((l) => JSON.parse(l) as { level: number; code?: string; order_hash?: string });
    const levelOf = (name: string) => logged.find((l) => l.order_hash === orders[name]?.hash && l.code)?.level;
    expect(["error500", "malformed", "otherId", "slow"].map(levelOf)).toEqual([40, 40, 40, 40]);
    expect(["live", "partial"].map(levelOf)).toEqual([20, 20]);
    expect((await watcher.metricsText())).toContain('warden_order_status_releases_total{reason="cancelled"} 1');
    expect((await watcher.metricsText())).toContain('warden_order_status_kept_total{code="ORDER_STATUS_TIMEOUT"} 1');

    // A second poll changes nothing: released orders are no longer asked about.
    server.requests.length = 0;
    const again = await watcher.pollOnce();
    expect(again.released).toEqual([]);
    expect(again.polled).toBe(6);
    expect(server.requests).not.toContain(`/data/order/${orders.canceled?.hash}`);
  });

  test("a restart on the same store keeps released orders released", async () => {
    await warden.close();
    warden = await createWarden({ wallet: WalletKey.fromPrivateKey(privateKey), config: config(path), logger });
    expect((await warden.listOpenOrders()).map((o) => o.intent_id)).toEqual(
      ["live", "partial", "error500", "malformed", "otherId", "slow"].map((n) => orders[n]?.intent_id),
    );
    expect(await strategyGrossPct(warden)).toBe(24);
  });
});

describe("start / stop", () => {
  test("start polls on the interval; stop waits for the poll in flight, which still records its release", async () => {
    const dir = tempDir();
    const warden = await createWarden({
      wallet: WalletKey.fromPrivateKey(privateKey),
      config: {
        ...config(join(dir, "w.db")),
        order_status: { clob_url: server.baseUrl, poll_interval_s: 1, timeout_ms: 2_000, max_concurrency: 2, api_key: credentials.key, api_secret: credentials.secret, api_passphrase: credentials.passphrase },
      },
    });
    const session = await grant(warden, owner);
    const live = await signOrder(warden, session.credential, "101");
    const cancelled = await signOrder(warden, session.credential, "102");
    clob.replies.set(live.hash, { kind: "json", body: clobOrder(live.hash) });
    // Answered slowly, so stop() is called while this request is in flight.
    clob.replies.set(cancelled.hash, { kind: "delay", ms: 400, then: { kind: "json", body: clobOrder(cancelled.hash, { status: "CANCELED" }) } });
    const watcher = orderStatusWatcherFromConfig({ warden });
    expect(watcher).not.toBeNull();
    server.requests.length = 0;
    watcher?.start();
    watcher?.start(); // idempotent
    await expect.poll(() => server.requests.includes(`/data/order/${cancelled.hash}`), { timeout: 2_000, interval: 10 }).toBe(true);
    await watcher?.stop();
    expect((await warden.listOpenOrders()).map((o) => o.intent_id)).toEqual([live.intent_id]);
    const seen = server.requests.length;
    await new Promise((r) => setTimeout(r, 1_300));
    expect(server.requests.length).toBe(seen);
    await warden.close();
  });

  test("GET /metrics serves the watcher's counters after Warden's", async () => {
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(privateKey), config: config(join(tempDir(), "w.db")) });
    const watcher = createOrderStatusWatcher({
      warden,
      source: createClobOrderStatusSource({ clobUrl: server.baseUrl, credentials, address: owner.address, timeoutMs: 500 }),
      pollIntervalMs: 60_000,
      maxConcurrency: 1,
    });
    await watcher.pollOnce();
    const http = createServer({ warden, logger: createLogger({ level: "silent" }), extraMetricsText: watcher.metricsText, operatorTokenSha256: createHash("sha256").update("op").digest("hex") });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const text = await (await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/metrics`, { headers: { authorization: "Bearer op" } })).text();
    expect(text).toContain("# TYPE warden_decisions_total counter");
    expect(text).toContain("warden_order_status_polls_total 1");
    http.close();
    await warden.close();
  });

  test("no order_status section: no watcher, and a warning at start that only an operator (or a confirmed cancel) releases exposure", async () => {
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(privateKey), config: config(join(tempDir(), "w.db")) });
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: new Writable({ write: (chunk, _enc, cb) => { lines.push(String(chunk)); cb(); } }) });
    expect(orderStatusWatcherFromConfig({ warden, logger })).toBeNull();
    const warned = lines.map((l) => JSON.parse(l) as { level: number; msg: string; order_status_watcher?: boolean });
    expect(warned).toEqual([expect.objectContaining({ level: 40, order_status_watcher: false, msg: expect.stringMatching(/released only by an operator .* never by its age/) })]);
    await warden.close();
  });
});

describe("property: the watcher never releases unless the answer is a valid terminal status for that exact id", () => {
  const CANCELLED = ["CANCELED", "CANCELLED", "CANCELED_MARKET_RESOLVED", "INVALID"];
  const KNOWN = [...CANCELLED, "MATCHED", "LIVE", "DELAYED", "UNMATCHED", "FILLED", "EXPIRED", "CANCEL", "MATCH"];
  const casing = (s: string) => fc.constantFrom(s, s.toLowerCase(), s[0] + s.slice(1).toLowerCase());
  const statusArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("CANCELED", "MATCHED").chain((s) => fc.tuple(fc.constantFrom("", "ORDER_STATUS_"), casing(s)).map(([p, c]) => p + c)) },
    fc.constantFrom(...KNOWN).chain((s) => fc.tuple(fc.constantFrom("", "ORDER_STATUS_", "order_status_"), casing(s)).map(([p, c]) => p + c)),
    fc.constantFrom(" CANCELED", "CANCELED ", "ORDER_STATUS_", "", "ORDER-STATUS-CANCELED"),
    fc.string({ maxLength: 20 }),
    fc.constantFrom(null, 3, true),
  );
  /** A size in micro-shares and one of its decimal spellings (or something that is not one). */
  const sizeArb = fc.oneof(
    { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 1_000_000_000n }).chain((m) => fc.constantFrom(`${m / 1_000_000n}.${(m % 1_000_000n).toString().padStart(6, "0")}`, `${Number(m) / 1e6}`).map((text) => ({ micros: m, text: text as unknown }))) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 5, "-5", "1e3", "", "abc", null, "0x10", " 5").map((text) => ({ micros: null, text })) },
  );
  const idArb = (hash: Hex) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(hash, `0x${hash.slice(2).toUpperCase()}`) },
      { weight: 2, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}`) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, hash.slice(0, 40), `${hash}00`, 7, hash.slice(2)) },
    );
  type Answer = { kind: "order"; id: unknown; status: unknown; original: { micros: bigint | null; text: unknown }; matched: { micros: bigint | null; text: unknown } } | { kind: "raw"; reply: Reply };
  const answerArb = (hash: Hex): fc.Arbitrary<Answer> =>
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .record({ kind: fc.constant("order" as const), id: idArb(hash), status: statusArb, original: sizeArb, matched: sizeArb, fullyMatched: fc.boolean() })
          // Half the time size_matched is exactly original_size, so full fills are common.
          .map(({ fullyMatched, ...a }) => (fullyMatched ? { ...a, matched: a.original } : a)),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom<Reply>(
            { kind: "json", status: 500, body: {} },
            { kind: "json", status: 404, body: {} },
            { kind: "json", status: 401, body: {} },
            { kind: "text", body: "" },
            { kind: "text", body: "null" },
            { kind: "text", body: "<html>" },
            { kind: "json", body: {} },
            { kind: "json", body: [] },
          )
          .map((reply) => ({ kind: "raw" as const, reply })),
      },
    );

  /** The oracle, written from the rule, not from the code. */
  function expected(a: Answer, hash: Hex): "cancelled" | "filled" | null {
    if (a.kind === "raw") return null;
    if (typeof a.id !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(a.id) || a.id.toLowerCase() !== hash) return null;
    if (typeof a.status !== "string" || a.status.length === 0 || a.original.micros === null || a.matched.micros === null) return null;
    const name = a.status.toUpperCase().replace(/^ORDER_STATUS_/, "");
    if (CANCELLED.includes(name)) return "cancelled";
    if (name === "MATCHED" && a.original.micros > 0n && a.matched.micros >= a.original.micros) return "filled";
    return null;
  }

  test("300 random answers through a real CLOB server and a real Warden", async () => {
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(privateKey), config: { ...config(join(tempDir(), "w.db")), risk: roomyRisk.risk } });
    const session = await grant(warden, owner);
    const watcher = createOrderStatusWatcher({
      warden,
      source: createClobOrderStatusSource({ clobUrl: server.baseUrl, credentials, address: owner.address, timeoutMs: 1_000 }),
      pollIntervalMs: 60_000,
      maxConcurrency: 1,
    });
    let salt = 10_000;
    const outcomes = { cancelled: 0, filled: 0, kept: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.context(), async (seed, ctx) => {
        const order = await signOrder(warden, session.credential, String(salt++));
        const answer = fc.sample(answerArb(order.hash), { seed, numRuns: 1 })[0] as Answer;
        ctx.log(JSON.stringify(answer, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
        clob.replies.set(
          order.hash,
          answer.kind === "raw"
            ? answer.reply
            : { kind: "json", body: clobOrder(order.hash, { id: answer.id, status: answer.status, original_size: answer.original.text, size_matched: answer.matched.text }) },
        );
        const report = await watcher.pollOnce();
        const want = expected(answer, order.hash);
        const stillOpen = (await warden.listOpenOrders()).some((o) => o.intent_id === order.intent_id);
        expect(stillOpen).toBe(want === null);
        expect(report.released.map((r) => r.reason)).toEqual(want === null ? [] : [want]);
        outcomes[want ?? "kept"]++;
        // Leave one open order at a time: the next run polls only its own.
        if (stillOpen) await warden.releaseOrder({ intent_id: order.intent_id, reason: "expired", actor: "test" });
      }),
      { numRuns: 300 },
    );
    expect(clob.authFailures).toBe(0);
    // The generator reaches all three outcomes often enough to mean something.
    expect(Math.min(outcomes.cancelled, outcomes.filled, outcomes.kept)).toBeGreaterThan(10);
    await warden.close();
  }, 120_000);
});
