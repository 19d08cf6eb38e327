// The kill switch's part of `npm run bench`:
// (1) the time from calling armKillSwitch to the cancel request arriving at a local CLOB stand-in
//     (global → DELETE /cancel-all; strategy → DELETE /orders), over many arms;
// (2) sequential full-pipeline signing with the heartbeat beating every 100 ms (its minimum) against the same
//     stand-in vs. the same Warden configuration without it, in interleaved rounds: the heartbeat
//     is a timer of its own that the signing path never awaits, so the two should be alike.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PrivateKeyAccount } from "viem/accounts";
import { heartbeatFromConfig } from "../src/jobs/heartbeatFromConfig";
import { toSessionAccount } from "../src/signer/toSessionAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { createWarden } from "../src/warden/createWarden";
import type { WardenConfigInput } from "../src/config/wardenConfigSchema";

type Stats = { p50_us: number; p99_us: number; ops_per_s: number };
type TypedData = Record<string, unknown>;

const round1 = (n: number) => Math.round(n * 10) / 10;
function stats(samplesUs: number[]): Stats {
  const s = [...samplesUs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { p50_us: round1(q(0.5)), p99_us: round1(q(0.99)), ops_per_s: round1(1e6 / mean) };
}

/** A CLOB stand-in that notes when each request arrives (before reading its body) and answers a cancel or a heartbeat. */
async function clobStandIn() {
  const arrivals: Array<{ path: string; at: number }> = [];
  const server = createServer((req, res) => {
    const at = performance.now();
    const path = (req.url ?? "").split("?")[0] ?? "";
    arrivals.push({ path, at });
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const ids = path === "/orders" ? (JSON.parse(body) as string[]) : [];
      const answer = path === "/v1/heartbeats" ? { heartbeat_id: randomUUID() } : { canceled: ids, not_canceled: {} };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Resolves with the arrival time of the next request to `path` after `from`. */
  const next = async (path: string, from: number): Promise<number> => {
    for (;;) {
      const hit = arrivals.find((a) => a.path === path && a.at >= from);
      if (hit) return hit.at;
      await new Promise((r) => setImmediate(r));
    }
  };
  return { url, next, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Runs the kill-switch benchmark.
 *
 * @param p - The wallet's key and owner account, the risk config of the signing bench, an order factory, and how many arms.
 * @returns Result rows for bench/results.json.
 */
export async function benchKillSwitch(p: {
  pk: `0x${string}`;
  owner: PrivateKeyAccount;
  config: WardenConfigInput;
  order: () => TypedData;
  exchanges: readonly string[];
  arms: number;
  rounds: number;
  perRound: number;
}): Promise<Record<string, Stats>> {
  const clob = await clobStandIn();
  const creds = { key: randomUUID(), secret: randomBytes(32).toString("base64url"), passphrase: randomBytes(16).toString("hex") };
  const api = { clob_url: clob.url, api_key: creds.key, api_secret: creds.secret, api_passphrase: creds.passphrase };
  const dirs: string[] = [];
  const open = async (extra: WardenConfigInput) => {
    const dir = mkdtempSync(join(tmpdir(), "warden-bench-ks-"));
    dirs.push(dir);
    return createWarden({ wallet: WalletKey.fromPrivateKey(p.pk), config: { ...p.config, ...extra, store: { path: join(dir, "bench.db"), synchronous: "NORMAL" } } });
  };
  const session = async (warden: Awaited<ReturnType<typeof open>>, strategy: string) => {
    const req = await warden.requestSession({ strategy_id: strategy, method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [...p.exchanges], max_calls_per_session: 10_000_000 });
    const s = await warden.grantSession({ grant_id: req.grant_id, signature: await p.owner.signTypedData(req.typed_data as never) });
    return toSessionAccount({ warden, credential: s.credential, strategyId: strategy });
  };

  // (1) arm → cancel request on the wire. Disarms are overrides: a limit high enough for the run.
  const warden = await open({ kill_switch: { clob: api }, overrides: { max_per_window: 1_000, window_s: 60 } });
  const global: number[] = [];
  const strategy: number[] = [];
  for (let i = 0; i < p.arms; i++) {
    const t0 = performance.now();
    const armed = await warden.armKillSwitch({ scope: "global", actor: "bench", reason: "bench" });
    global.push(((await clob.next("/cancel-all", t0)) - t0) * 1000);
    await armed.cancel;
    await warden.disarmKillSwitch({ scope: "global", requestor_id: "bench", justification: "bench" });
  }
  for (let i = 0; i < p.arms; i++) {
    // A fresh session each time (arming revokes it), with one resting order to cancel by id.
    await (await session(warden, "bench-arm")).signTypedData(p.order() as never);
    const t0 = performance.now();
    const armed = await warden.armKillSwitch({ scope: "strategy", strategy_id: "bench-arm", actor: "bench", reason: "bench" });
    strategy.push(((await clob.next("/orders", t0)) - t0) * 1000);
    await armed.cancel;
    await warden.disarmKillSwitch({ scope: "strategy", strategy_id: "bench-arm", requestor_id: "bench", justification: "bench" });
  }
  await warden.close();

  // (2) signing with and without the heartbeat, interleaved rounds after a warm-up.
  const on = await open({ kill_switch: { clob: api, heartbeat: { interval_ms: 100 } } });
  const off = await open({});
  const heartbeat = heartbeatFromConfig({ warden: on });
  heartbeat?.start();
  const signers = { on: await session(on, "bench"), off: await session(off, "bench") };
  const samples = { on: [] as number[], off: [] as number[] };
  // Between signatures the loop yields to the event loop (untimed), as a caller doing any I/O does:
  // an in-process caller that signs in a tight loop of promises never lets a timer run, and then the
  // heartbeat misses its beats (the CLOB cancels: the safe direction, but not what this measures).
  const run = async (which: "on" | "off", n: number, into: number[]) => {
    for (let i = 0; i < n; i++) {
      const td = p.order();
      const t = performance.now();
      await signers[which].signTypedData(td as never);
      into.push((performance.now() - t) * 1000);
      await new Promise((r) => setImmediate(r));
    }
  };
  await run("on", 300, []);
  await run("off", 300, []);
  const beatsBefore = clob.arrivals.filter((a) => a.path === "/v1/heartbeats").length;
  for (let r = 0; r < p.rounds; r++) {
    await run("on", p.perRound, samples.on);
    await run("off", p.perRound, samples.off);
  }
  const beats = clob.arrivals.filter((a) => a.path === "/v1/heartbeats").length - beatsBefore;
  await heartbeat?.stop();
  const failures = /warden_heartbeat_sent_total\{outcome="failed"\} (\d+)/.exec(heartbeat?.metricsText() ?? "")?.[1] ?? "0";
  if (beats === 0) throw new TypeError("the heartbeat did not beat during the benchmark");
  for (const w of [on, off]) {
    if (!(await w.verifyAudit()).ok) throw new TypeError("audit chain broken during the benchmark");
    await w.close();
  }
  await clob.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  console.log(`kill switch: ${p.arms} global and ${p.arms} strategy arms; ${beats} heartbeats sent while signing (${failures} failed)`);
  return {
    kill_switch_arm_global_to_cancel_on_wire: stats(global),
    kill_switch_arm_strategy_to_cancel_on_wire: stats(strategy),
    full_pipeline_heartbeat_100ms: stats(samples.on),
    full_pipeline_heartbeat_off: stats(samples.off),
  };
}
