import { spawn } from "node:child_process";
import { join } from "node:path";
import { ClobClient } from "@polymarket/clob-client-v2";
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { describe, expect, test, vi } from "vitest";
import { createHeartbeat } from "../../src/jobs/createHeartbeat";
import { heartbeatFromConfig } from "../../src/jobs/heartbeatFromConfig";
import { createClobHeartbeatClient } from "../../src/market/createClobHeartbeatClient";
import type { StoreHealth } from "../../src/store/Store";
import { cancelWorld } from "../helpers/cancelWorld";
import { clobCredentials } from "../helpers/fakeClob";
import { fakeClobBook } from "../helpers/fakeClobCancels";
import { tempDir } from "../helpers/testWarden";
import { startLocalHttpServer } from "../market/localHttpServer";

const INTERVAL = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const heartbeatWorld = async () => {
  const world = await cancelWorld({ config: { kill_switch: {} } });
  const api = { clob_url: world.server.baseUrl, api_key: world.credentials.key, api_secret: world.credentials.secret, api_passphrase: world.credentials.passphrase };
  const config = { ...world.warden.config, kill_switch: { ...world.warden.config.kill_switch, clob: api, heartbeat: { interval_ms: INTERVAL, timeout_ms: 100 } } };
  const heartbeat = heartbeatFromConfig({ warden: { config: config as never, walletAddress: world.warden.walletAddress, store: world.warden.store } });
  return { ...world, heartbeat: heartbeat as NonNullable<typeof heartbeat> };
};

describe("the heartbeat is a dead man's switch", () => {
  test("beats every interval while healthy, at a fixed cadence, chaining the heartbeat_id the CLOB returns", async () => {
    // The cadence on a fake clock (the machine's load cannot stretch it): the beat itself may take
    // time, the next one is still due one interval after the last one started.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const sent: Array<{ at: number; id: string }> = [];
      let n = 0;
      const client = {
        source: "test",
        send: async (id: string) => {
          sent.push({ at: Date.now(), id });
          // Every other answer takes 40 ms.
          if (n % 2 === 1) await new Promise((r) => setTimeout(r, 40));
          return { ok: true as const, status: 200, heartbeat_id: `hb-${++n}` };
        },
      };
      const store = { health: async (): Promise<StoreHealth> => ({ ok: true, gauges: [] }), killSwitches: async () => ({ switches: [], epoch: 0 }) };
      const heartbeat = createHeartbeat({ client, store, intervalMs: INTERVAL });
      const t0 = Date.now();
      heartbeat.start();
      // Up to just past the sixth beat's slow answer: no beat in flight when it stops.
      await vi.advanceTimersByTimeAsync(INTERVAL * 5 + 50);
      expect(sent.map((b) => b.at - t0)).toEqual([0, 1, 2, 3, 4, 5].map((k) => k * INTERVAL));
      expect(sent.map((b) => b.id)).toEqual(["", "hb-1", "hb-2", "hb-3", "hb-4", "hb-5"]);
      expect(heartbeat.status()).toMatchObject({ state: "sending", interval_ms: INTERVAL, consecutive_failures: 0 });
      await heartbeat.stop();
      await vi.advanceTimersByTimeAsync(INTERVAL * 3);
      expect(sent).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });

  test("beats on its own timer against a CLOB over HTTP, each beat sending the id the previous answer returned", async () => {
    const w = await heartbeatWorld();
    w.heartbeat.start();
    // Real timers on a machine that may be busy: only that it keeps beating, not how punctually.
    for (let i = 0; i < 200 && w.clob.heartbeats.length < 3; i++) await sleep(INTERVAL / 3);
    const beats = w.clob.heartbeats;
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats[0]?.heartbeat_id).toBe("");
    expect(w.heartbeat.status()).toMatchObject({ state: "sending", interval_ms: INTERVAL });
    await w.heartbeat.stop();
    // Beat by beat (no timers): each sends the id the previous answer returned.
    const from = w.clob.heartbeats.length;
    for (let i = 0; i < 3; i++) expect(await w.heartbeat.tick()).toBe("sending");
    const sent = w.clob.heartbeats.slice(from).map((b) => b.heartbeat_id);
    expect(sent.every((id) => id.length > 0)).toBe(true);
    expect(new Set(sent).size).toBe(3);
    await w.close();
  });

  test("stops within one interval of arming the global switch, resumes with a new chain after the disarm; a strategy switch does not stop it", async () => {
    const w = await heartbeatWorld();
    w.heartbeat.start();
    await sleep(INTERVAL * 2);
    await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "solo", actor: "risk", reason: "drill" });
    await sleep(INTERVAL * 2);
    expect(w.heartbeat.status().state).toBe("sending");
    await w.warden.armKillSwitch({ scope: "global", actor: "risk", reason: "incident" });
    const armedAt = performance.now();
    await sleep(INTERVAL * 4);
    // At most the beat already in flight lands after the arm, and none a full interval later.
    expect(w.clob.heartbeats.filter((b) => b.at > armedAt + INTERVAL)).toEqual([]);
    expect(w.heartbeat.status().state).toBe("stopped_kill_switch");
    expect(w.heartbeat.metricsText()).toContain('warden_heartbeat_state{state="stopped_kill_switch"} 1');
    expect(w.heartbeat.metricsText()).toMatch(/warden_heartbeat_withheld_total\{reason="kill_switch"\} [1-9]/);
    const before = w.clob.heartbeats.length;
    await w.warden.disarmKillSwitch({ scope: "global", requestor_id: "ops", justification: "incident closed" });
    await sleep(INTERVAL * 2.5);
    expect(w.clob.heartbeats[before]?.heartbeat_id).toBe("");
    expect(w.heartbeat.status().state).toBe("sending");
    await w.heartbeat.stop();
    await w.close();
  });

  test("stops within one interval of a store failure, and the CLOB's dead man's switch then cancels the wallet's orders", async () => {
    const credentials = clobCredentials();
    const address = privateKeyToAccount(`0x${"7c".repeat(32)}`).address;
    const server = await startLocalHttpServer();
    const clob = fakeClobBook({ credentials, address });
    clob.heartbeatWindowMs = INTERVAL * 3;
    clob.place({ id: `0x${"aa".repeat(32)}`, market: `0x${"01".repeat(32)}`, asset_id: "1" });
    server.setRoute(clob.route);
    let health: StoreHealth = { ok: true, gauges: [] };
    const store = { health: async () => health, killSwitches: async () => ({ switches: [], epoch: 0 }) };
    const heartbeat = createHeartbeat({ client: createClobHeartbeatClient({ clobUrl: server.baseUrl, credentials, address, timeoutMs: 100 }), store, intervalMs: INTERVAL });
    heartbeat.start();
    await sleep(INTERVAL * 2.5);
    health = { ok: false, problem: "commit failed: disk full", gauges: [] };
    const failedAt = performance.now();
    await sleep(INTERVAL * 5);
    expect(clob.heartbeats.filter((b) => b.at > failedAt + INTERVAL)).toEqual([]);
    expect(heartbeat.status().state).toBe("stopped_store_unavailable");
    expect(clob.cancelledByHeartbeatLoss).toEqual([`0x${"aa".repeat(32)}`]);
    await heartbeat.stop();
    clob.stop();
    await server.close();
  });

  test("off the signing path: with a beat stalled on the CLOB, signing does not wait for it", async () => {
    const w = await heartbeatWorld();
    w.clob.script.set("POST /v1/heartbeats", [{ kind: "delay", ms: 1_000, then: { kind: "json", body: { heartbeat_id: "x" } } }]);
    const beat = w.heartbeat.tick();
    await sleep(20);
    const started = performance.now();
    for (let i = 0; i < 50; i++) await w.sign("solo", "FED");
    const took = performance.now() - started;
    expect(took).toBeLessThan(900);
    expect(await beat).toBe("failing"); // the 100 ms heartbeat timeout, long after the 50 signatures
    await w.close();
  });

  test("CLOB failures are counted and beating goes on; a refused id starts a new chain", async () => {
    const w = await heartbeatWorld();
    await w.heartbeat.tick();
    w.clob.script.set("POST /v1/heartbeats", [{ kind: "json", status: 503, body: { error: "busy" } }, { kind: "json", status: 400, body: { error: "Invalid Heartbeat ID" } }]);
    expect(await w.heartbeat.tick()).toBe("failing");
    expect(await w.heartbeat.tick()).toBe("failing");
    expect(w.heartbeat.status().consecutive_failures).toBe(2);
    expect(await w.heartbeat.tick()).toBe("sending");
    const sent = w.clob.seen.filter((r) => r.path === "/v1/heartbeats").map((r) => (r.body as { heartbeat_id: string }).heartbeat_id);
    // 503 keeps the chain (the same id again); 400 drops it ("" next).
    expect(sent[1]).toBe(sent[2]);
    expect(sent.at(-1)).toBe("");
    expect(w.heartbeat.metricsText()).toContain('warden_heartbeat_sent_total{outcome="failed"} 2');
    await w.close();
  });

  test("a Warden killed with SIGKILL sends no further heartbeat, and the CLOB cancels the wallet's orders", async () => {
    const credentials = clobCredentials();
    const address = privateKeyToAccount(`0x${"7b".repeat(32)}`).address;
    const server = await startLocalHttpServer();
    const clob = fakeClobBook({ credentials, address });
    clob.heartbeatWindowMs = INTERVAL * 3;
    clob.place({ id: `0x${"bb".repeat(32)}`, market: `0x${"02".repeat(32)}`, asset_id: "2" });
    server.setRoute(clob.route);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(process.cwd(), "test", "fixtures", "heartbeatChild.ts"), join(tempDir(), "w.db"), server.baseUrl, credentials.key, credentials.secret, credentials.passphrase, String(INTERVAL)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("ready") && resolve());
      child.on("exit", () => reject(new Error(`child exited early: ${stderr}`)));
    });
    await sleep(INTERVAL * 2);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    const killedAt = performance.now();
    const beatsAtKill = clob.heartbeats.length;
    expect(beatsAtKill).toBeGreaterThanOrEqual(2);
    await sleep(INTERVAL * 5);
    expect(clob.heartbeats.length).toBe(beatsAtKill);
    expect(clob.heartbeats.filter((b) => b.at > killedAt)).toEqual([]);
    expect(clob.cancelledByHeartbeatLoss).toEqual([`0x${"bb".repeat(32)}`]);
    clob.stop();
    await server.close();
  });
});

describe("the heartbeat request is clob-client-v2's", () => {
  test("POST /v1/heartbeats, body and the five L2 headers byte for byte", async () => {
    const account = privateKeyToAccount(`0x${"7d".repeat(32)}`);
    const credentials = clobCredentials();
    const seen: Array<{ method: string; path: string; body: string; headers: Record<string, string> }> = [];
    const server = await startLocalHttpServer((url, request) => ({
      kind: "async",
      reply: new Promise((resolve) => {
        let body = "";
        request.on("data", (d) => (body += d));
        request.on("end", () => {
          const headers = Object.fromEntries(["poly_address", "poly_signature", "poly_timestamp", "poly_api_key", "poly_passphrase"].map((h) => [h, String(request.headers[h])]));
          seen.push({ method: request.method ?? "", path: url.pathname, body, headers });
          resolve({ kind: "json", body: { heartbeat_id: "hb-1" } });
        });
      }),
    }));
    const reference = new ClobClient({ host: server.baseUrl, chain: 137, signer: createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:9") }), creds: credentials });
    await reference.postHeartbeat("hb-0");
    const ts = Number(seen[0]?.headers.poly_timestamp);
    const ours = await createClobHeartbeatClient({ clobUrl: server.baseUrl, credentials, address: account.address, timeoutMs: 500, now: () => ts * 1000 }).send("hb-0");
    expect(ours).toEqual({ ok: true, status: 200, heartbeat_id: "hb-1" });
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({ method: "POST", path: "/v1/heartbeats", body: '{"heartbeat_id":"hb-0"}' });
    await server.close();
  });
});
