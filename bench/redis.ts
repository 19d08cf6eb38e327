// The Redis store's part of `npm run bench` (its signing rows run in bench/run.ts's interleaved
// rounds, beside the embedded store's; this file starts the redis-server and measures the rest):
// (1) kill-switch propagation: from calling armKillSwitch on Warden A to Warden B's local view
//     holding the switch (pub/sub, then B's catch-up), two Wardens for one wallet on one Redis;
// (2) denials while Redis hangs (SIGSTOP): 32 requests in flight through the full pipeline, the
//     latency of each request that starts while Redis is stopped (all must be denied);
// (3) the SIGKILL fault scenario of test/store/redis/faults.test.ts at its full 20 rounds (two
//     instances in their own processes under load; npm test runs 3).
import type { PrivateKeyAccount } from "viem/accounts";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import type { WardenConfigInput } from "../src/config/wardenConfigSchema";
import { SigningDeniedError } from "../src/errors/SigningDeniedError";
import type { RedisStore } from "../src/store/redis/createRedisStore";
import { initRedisStore } from "../src/store/redis/initRedisStore";
import { toSessionAccount } from "../src/signer/toSessionAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { createWarden } from "../src/warden/createWarden";
import type { Warden } from "../src/warden/Warden";
import { sigkillScenario } from "../test/store/redis/faultScenarios";
import { type RedisServer, startRedisServer } from "../test/store/redis/redisServer";

type Stats = { p50_us: number; p99_us: number; ops_per_s: number };
type TypedData = Record<string, unknown>;

const round1 = (n: number) => Math.round(n * 10) / 10;
const q = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
function stats(samplesUs: number[]): Stats {
  const s = [...samplesUs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { p50_us: round1(q(s, 0.5)), p99_us: round1(q(s, 0.99)), ops_per_s: round1(1e6 / mean) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tick = () => new Promise((r) => setImmediate(r));

/** The bench's Redis: a redis-server of its own on a free port (production settings: AOF, appendfsync always, noeviction). */
export async function startBenchRedis(): Promise<RedisServer> {
  return startRedisServer();
}

/** The `store` section of a Warden on that Redis (default command bound: 25 ms). */
export const redisStoreConfig = (redis: RedisServer) => ({ kind: "redis" as const, url: redis.url });

/** Initialises the wallet's store on the bench's Redis (`warden store init`). */
export async function initBenchWallet(redis: RedisServer, wallet: `0x${string}`): Promise<void> {
  await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "bench", reason: "bench" });
}

/**
 * A Redis Warden's signer for the signing rows: a request denied because the store step missed
 * its bound (a command timeout on a loaded machine: the store then refuses everything until its
 * probe finds Redis answering again) is counted, and the caller waits for the store to recover
 * before its next request — inside the timed sample, so the rows carry what the timeout cost.
 */
export function countingStoreDenials<T>(warden: Warden, sign: (td: T) => Promise<string>): { sign: (td: T) => Promise<string>; denials: () => number } {
  let denials = 0;
  return {
    sign: async (td) => {
      try {
        return await sign(td);
      } catch (e) {
        if (!(e instanceof SigningDeniedError) || e.vote?.reason_code !== "STORE_DATA_UNAVAILABLE") throw e;
        denials++;
        while (!(await warden.store.health()).ok) await sleep(5);
        return "denied";
      }
    },
    denials: () => denials,
  };
}

/** What the Redis part measured besides its rows (README notes; results.json `machine.redis`). */
export type RedisBenchNotes = {
  date: string;
  command_timeout_ms: number;
  /** Signing-row requests denied because a store step missed its bound (set by bench/run.ts). */
  signing_store_denials?: number;
  propagation_arms: number;
  hang: { stop_ms: number; requests_while_stopped: number; approvals_while_stopped: number; max_ms: number; resumed_after_ms: number };
  sigkill: {
    rounds: number;
    acknowledged_approvals: number;
    approvals_while_down: number;
    denials_while_down: number;
    chain_verified: boolean;
    unaudited_acknowledged: number;
    recovery_p50_ms: number;
    recovery_max_ms: number;
    /** Restarts that found the AOF cut inside a transaction and ran redis-check-aof --fix first. */
    aof_fixes: number;
    seconds: number;
  };
};

/**
 * Runs (1)–(3) above.
 *
 * @param p - The bench's Redis, the risk config of the signing bench, an order factory for a given wallet, the exchanges, how many arms, how long the hang.
 * @returns Result rows for bench/results.json and the notes.
 */
export async function benchRedis(p: {
  redis: RedisServer;
  config: WardenConfigInput;
  order: (wallet: `0x${string}`) => TypedData;
  exchanges: readonly string[];
  arms: number;
  stopMs: number;
  sigkillRounds: number;
}): Promise<{ rows: Record<string, Stats>; notes: RedisBenchNotes }> {
  const config: WardenConfigInput = { ...p.config, log: { level: "silent" }, store: redisStoreConfig(p.redis), overrides: { max_per_window: 1_000, window_s: 60 } };
  const open = async () => {
    const pk = generatePrivateKey();
    const owner = privateKeyToAccount(pk);
    await initBenchWallet(p.redis, owner.address);
    return { pk, owner };
  };
  const session = async (warden: Warden, owner: PrivateKeyAccount) => {
    const req = await warden.requestSession({ strategy_id: "bench", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [...p.exchanges], max_calls_per_session: 10_000_000 });
    const s = await warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data as never) });
    return toSessionAccount({ warden, credential: s.credential, strategyId: "bench" });
  };

  // (1) A arms, B's local view follows. Each arm is disarmed (an override) before the next.
  const w = await open();
  const a = await createWarden({ wallet: WalletKey.fromPrivateKey(w.pk), config });
  const b = await createWarden({ wallet: WalletKey.fromPrivateKey(w.pk), config });
  const bStore = b.store as RedisStore;
  const propagation: number[] = [];
  for (let i = 0; i < p.arms; i++) {
    const before = (await b.store.killSwitches()).epoch;
    let off = () => {};
    const seen = new Promise<number>((resolve) => {
      off = bStore.onLocalKillEpoch((epoch) => {
        if (epoch > before) resolve(performance.now());
      });
    });
    const t0 = performance.now();
    await a.armKillSwitch({ scope: "global", actor: "bench", reason: "bench" });
    propagation.push(((await seen) - t0) * 1000);
    off();
    await a.disarmKillSwitch({ scope: "global", requestor_id: "bench", justification: "bench" });
  }
  for (const x of [a, b]) {
    if (!(await x.verifyAudit()).ok) throw new TypeError("audit chain broken during the Redis propagation bench");
    await x.close();
  }

  // (2) Redis stopped under 32 requests in flight: every request settles, denied.
  const h = await open();
  const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(h.pk), config });
  const account = await session(warden, h.owner);
  const settled: Array<{ startedAt: number; settledAt: number; approved: boolean }> = [];
  let running = true;
  const workers = Array.from({ length: 32 }, async () => {
    while (running) {
      const startedAt = performance.now();
      const approved = await account.signTypedData(p.order(h.owner.address) as never).then(
        () => true,
        (e: unknown) => {
          if (e instanceof SigningDeniedError) return false;
          throw e;
        },
      );
      settled.push({ startedAt, settledAt: performance.now(), approved });
      // A denial decided without I/O: let timers (the store's probe) run between requests.
      await tick();
    }
  });
  await sleep(500);
  p.redis.signal("SIGSTOP");
  // From when the kernel shows Redis stopped (the test's SIGSTOP scenario failed in CI after stop
  // 21 when counted from the signal's sending).
  await p.redis.stopped();
  const stopAt = performance.now();
  await sleep(p.stopMs);
  const contAt = performance.now();
  p.redis.signal("SIGCONT");
  let resumedAt = 0;
  for (let i = 0; i < 1_000 && resumedAt === 0; i++) {
    await sleep(10);
    resumedAt = settled.find((r) => r.approved && r.startedAt > contAt)?.settledAt ?? 0;
  }
  running = false;
  await Promise.all(workers);
  const hung = settled.filter((r) => r.startedAt >= stopAt && r.startedAt < contAt);
  const hungLatencies = hung.map((r) => (r.settledAt - r.startedAt) * 1000);
  const approvalsWhileStopped = hung.filter((r) => r.approved && r.settledAt < contAt).length;
  if (approvalsWhileStopped > 0) throw new TypeError(`${approvalsWhileStopped} approvals while Redis was stopped`);
  if (!(await warden.verifyAudit()).ok) throw new TypeError("audit chain broken during the Redis hang bench");
  await warden.close();

  // (3) SIGKILL × rounds (its own redis-server and two load children).
  const t = performance.now();
  const k = await sigkillScenario({ rounds: p.sigkillRounds });
  const seconds = Math.round((performance.now() - t) / 100) / 10;
  if (k.approvalsWhileDown > 0 || !k.verification.ok || k.unaudited.length > 0) throw new TypeError(`SIGKILL scenario failed: ${JSON.stringify({ ...k, unaudited: k.unaudited.length })}`);
  console.log(
    `redis: ${p.arms} arms A → B; ${hung.length} requests during a ${p.stopMs} ms SIGSTOP (0 approved), signing resumed ${Math.round(resumedAt - contAt)} ms after SIGCONT; ` +
      `SIGKILL × ${k.rounds}: ${k.acknowledged} acknowledged approvals, ${k.denialsWhileDown} denials and 0 approvals while down, chain verified (${seconds} s)`,
  );
  return {
    rows: {
      redis_kill_switch_arm_a_to_local_view_b: stats(propagation),
      redis_denial_while_redis_hung_concurrent32: stats(hungLatencies),
    },
    notes: {
      date: new Date().toISOString(),
      command_timeout_ms: 25,
      propagation_arms: p.arms,
      hang: {
        stop_ms: p.stopMs,
        requests_while_stopped: hung.length,
        approvals_while_stopped: approvalsWhileStopped,
        max_ms: round1(Math.max(0, ...hungLatencies) / 1000),
        resumed_after_ms: Math.round(resumedAt - contAt),
      },
      sigkill: {
        rounds: k.rounds,
        acknowledged_approvals: k.acknowledged,
        approvals_while_down: k.approvalsWhileDown,
        denials_while_down: k.denialsWhileDown,
        chain_verified: k.verification.ok,
        unaudited_acknowledged: k.unaudited.length,
        recovery_p50_ms: k.recoveryP50Ms,
        recovery_max_ms: k.recoveryMaxMs,
        aof_fixes: k.aofFixes,
        seconds,
      },
    },
  };
}
