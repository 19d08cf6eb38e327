// `npm run bench`: raw viem signing vs Warden's guarded in-process signing, side by side on the
// same V2 orders, in one process and one run — on the embedded store and on the Redis store
// (bench/redis.ts: its own redis-server) — and HTTP signing from a separate load process (bench/http.ts).
// Writes bench/results.json and prints a table. `npm run bench -- --only http` runs the HTTP part and,
// for its ratio, the in-process full pipeline with 32 in flight (noted beside the HTTP figures); every
// other row and note is kept as the last full run wrote it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { custom, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createWarden } from "../src/warden/createWarden";
import type { Warden } from "../src/warden/Warden";
import type { WardenConfigInput } from "../src/config/wardenConfigSchema";
import { killSwitchGuard } from "../src/guards/killSwitchGuard";
import { sessionKeyManagerGuard } from "../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../src/guards/walletPermissionGuard";
import { toSessionAccount } from "../src/signer/toSessionAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { createSafeSessionKeys } from "../src/signer/wallets/createSafeSessionKeys";
import { depositWalletChain } from "../test/helpers/depositWalletChain";
import { FIXTURE_TOKEN, roomyRisk } from "../test/helpers/testWarden";
import { benchHttp } from "./http";
import { benchKillSwitch } from "./killSwitch";
import { benchSafeRevoke } from "./safeRevoke";
import { safeModuleBenchChain } from "./safeModuleChain";
import { benchRedis, countingStoreDenials, initBenchWallet, redisStoreConfig, startBenchRedis } from "./redis";
import { type BenchResults, renderBenchTable } from "./renderBenchTable";

type Stats = { p50_us: number; p99_us: number; ops_per_s: number; mean_us: number };
const ROUNDS = 6;
const PER_ROUND = 1500;
const CONCURRENCY = 32;
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg === -1 ? undefined : process.argv[onlyArg + 1];
if (only !== undefined && only !== "http") {
  console.error(`--only takes "http" (the HTTP part and the in-process row its ratio needs), not ${JSON.stringify(only)}`);
  process.exit(2);
}
const httpOnly = only === "http";
/** Skips a setup the HTTP-only run does not use (its rows are then never run). */
const unlessHttpOnly = <T>(make: () => Promise<T>): Promise<T> => (httpOnly ? Promise.resolve(null as never) : make());

const pk = generatePrivateKey();
const owner = privateKeyToAccount(pk);
const EXCHANGES = [
  ["0xE111180000d2663C0091e4f400237545B87B996B", "2"],
  ["0xe2222d279d744050d28e00520010520000310F59", "2"],
  ["0xe3333700cA9d93003F00f0F71f8515005F6c00Aa", "3"],
] as const;
// Orders BUY 100 shares at 0.40 on the open "Fed cut" market of fixtures/markets.json (best ask 0.42).
let salt = 1;
const order = (maker: `0x${string}` = owner.address) => {
  const [verifyingContract, version] = EXCHANGES[salt % 3] as (typeof EXCHANGES)[number];
  return {
    domain: { name: "Polymarket CTF Exchange", version, chainId: 137, verifyingContract },
    types: {
      Order: [
        { name: "salt", type: "uint256" }, { name: "maker", type: "address" }, { name: "signer", type: "address" },
        { name: "tokenId", type: "uint256" }, { name: "makerAmount", type: "uint256" }, { name: "takerAmount", type: "uint256" },
        { name: "side", type: "uint8" }, { name: "signatureType", type: "uint8" }, { name: "timestamp", type: "uint256" },
        { name: "metadata", type: "bytes32" }, { name: "builder", type: "bytes32" },
      ],
    },
    primaryType: "Order",
    message: {
      salt: String(salt++), maker, signer: maker,
      tokenId: FIXTURE_TOKEN,
      makerAmount: "40000000", takerAmount: "100000000", side: 0, signatureType: 0,
      timestamp: String(Date.now()), metadata: `0x${"00".repeat(32)}`, builder: `0x${"00".repeat(32)}`,
    },
  } as const;
};

// Deposit-wallet mode: the same orders with the deposit wallet as maker and signer (POLY_1271), as
// the ERC-7739 TypedDataSign envelope clob-client-v2 asks a session account to sign. The wallet
// lives on an in-process Hardhat chain (test-only contracts at Polymarket's addresses), its owner
// authorises the session signer on-chain, and Warden reads that through the chain.
const chain = await unlessHttpOnly(() => depositWalletChain());
const sessionPk = generatePrivateKey();
const sessionAccount = privateKeyToAccount(sessionPk);
if (!httpOnly) await chain.ownerBatch(sessionAccount.address, { kind: "authorize", validUntilSec: BigInt(Math.floor(Date.now() / 1000) + 86_400) });
const envelopeOrder = (wallet: `0x${string}` = chain.walletAddress) => {
  const td = order();
  return {
    domain: td.domain,
    types: {
      TypedDataSign: [
        { name: "contents", type: "Order" }, { name: "name", type: "string" }, { name: "version", type: "string" },
        { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }, { name: "salt", type: "bytes32" },
      ],
      Order: td.types.Order,
    },
    primaryType: "TypedDataSign",
    message: {
      contents: { ...td.message, maker: wallet, signer: wallet, signatureType: 3 },
      name: "DepositWallet", version: "1", chainId: 137, verifyingContract: wallet, salt: `0x${"00".repeat(32)}`,
    },
  } as const;
};

// Safe-module mode: the same TypedDataSign envelope (clob-client-v2 1.1.0 asks every POLY_1271 signer
// for it, a Safe's too) with the Safe as maker, signer and verifyingContract. The Safe (2-of-3, 1.5.0)
// lives on its own in-process Hardhat chain, set up by `warden safe setup`'s batch; the session's
// grantSession is executed by two owners and read back before any order is signed.
const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
const safeSetupStart = performance.now();
const safeChain = await unlessHttpOnly(() => safeModuleBenchChain());
const safeEnvelopeOrder = () => envelopeOrder(safeChain.safe);

function stats(samplesUs: number[], wallMs: number, ops: number): Stats {
  const s = [...samplesUs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { p50_us: round(q(0.5)), p99_us: round(q(0.99)), ops_per_s: round((ops * 1000) / wallMs), mean_us: round((wallMs * 1000) / ops) };
}
const round = (n: number) => Math.round(n * 10) / 10;

type Doc = ReturnType<typeof order> | ReturnType<typeof envelopeOrder>;

async function sequential(sign: (td: Doc) => Promise<string>, n: number, into: number[], make: () => Doc = order): Promise<number> {
  const docs = Array.from({ length: n }, make);
  const t0 = performance.now();
  for (const td of docs) {
    const t = performance.now();
    await sign(td);
    into.push((performance.now() - t) * 1000);
  }
  return performance.now() - t0;
}

async function concurrent(sign: (td: Doc) => Promise<string>, n: number, into: number[], make: () => Doc = order): Promise<number> {
  const docs = Array.from({ length: n }, make);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < docs.length) {
        const td = docs[next++] as Doc;
        const t = performance.now();
        await sign(td);
        into.push((performance.now() - t) * 1000);
      }
    }),
  );
  return performance.now() - t0;
}

// Caps far above the benchmark's volume (the tests' roomyRisk): every order passes every guard, so
// each is fully evaluated. Every part of the bench (in-process, kill switch, Redis) signs under it.
const benchConfig = { log: { level: "silent" as const }, ...roomyRisk };

/** (b) Warden in-process: the foundation pipeline (KillSwitch, SessionKeyManager, WalletPermissionGuard) or every guard. */
async function guarded(
  synchronous: "FULL" | "NORMAL",
  pipeline: "foundation" | "full",
  mode: "eoa" | "deposit-wallet" | "safe-module" = "eoa",
  store: WardenConfigInput["store"] = undefined,
): Promise<{ warden: Warden; sign: (td: Doc) => Promise<string>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "warden-bench-"));
  const warden = await createWarden({
    // safe-module: each session signs with its own fresh key, kept encrypted in the bench's directory.
    wallet: mode === "safe-module" ? createSafeSessionKeys({ dir: join(dir, "safe-sessions"), passphrase: "bench", scryptN: 16384 }) : WalletKey.fromPrivateKey(mode === "eoa" ? pk : sessionPk),
    ...(mode === "deposit-wallet" ? { chainTransport: custom(chain.provider) } : {}),
    ...(mode === "safe-module" ? { chainTransport: custom(safeChain.provider) } : {}),
    config: {
      ...(mode === "deposit-wallet"
        ? { wallet: { mode: "deposit-wallet" as const, owner: chain.owner.address, deposit_wallet: chain.walletAddress, rpc_url: "http://127.0.0.1:1" } }
        : {}),
      ...(mode === "safe-module" ? { wallet: safeChain.wallet } : {}),
      store: store ?? { path: join(dir, "bench.db"), synchronous },
      ...benchConfig,
    },
    ...(pipeline === "foundation"
      ? { guards: [killSwitchGuard(), sessionKeyManagerGuard({ mode: "hard_guard" }), walletPermissionGuard({ mode: "hard_guard" })] }
      : {}),
  });
  const req = await warden.requestSession({
    strategy_id: "bench",
    method_whitelist: ["CTFExchangeV2.matchOrders"],
    contract_allowlist: EXCHANGES.map(([a]) => a),
    max_calls_per_session: 10_000_000,
  });
  if (mode === "safe-module") {
    // One Safe transaction (grantSession), two owners; Warden signs once it reads the grant back equal.
    const issued = req.safe_session;
    if (!issued) throw new TypeError("safe-module mode returned no Safe session");
    await safeChain.execute(issued.safe_transaction);
    const activation = await warden.refreshSafeSession(issued.session_id);
    if (!activation?.active) throw new TypeError(`the bench's Safe session is not active: ${JSON.stringify(activation)}`);
    const account = toSessionAccount({ warden, credential: issued.credential, strategyId: "bench" });
    return { warden, dir, sign: (td) => account.signTypedData(td as never) };
  }
  // In deposit-wallet mode the wallet's owner grants the session.
  const grantor = mode === "eoa" ? owner : chain.owner;
  const s = await warden.grantSession({ grant_id: req.grant_id, signature: await grantor.signTypedData(req.typed_data) });
  const account = toSessionAccount({ warden, credential: s.credential, strategyId: "bench" });
  return { warden, dir, sign: (td) => account.signTypedData(td as never) };
}

const raw = (td: Doc) => owner.signTypedData(td as never);
const rawEnvelope = (td: Doc) => sessionAccount.signTypedData(td as never);
// The default store.synchronous (NORMAL) and FULL (an fsync per commit, shared by concurrent ones).
const normal = await unlessHttpOnly(() => guarded("NORMAL", "foundation"));
const full = await unlessHttpOnly(() => guarded("FULL", "foundation"));
const allNormal = await guarded("NORMAL", "full");
const allFull = await unlessHttpOnly(() => guarded("FULL", "full"));
const deposit = await unlessHttpOnly(() => guarded("NORMAL", "full", "deposit-wallet"));
const safeModule = await unlessHttpOnly(() => guarded("NORMAL", "full", "safe-module"));
if (!httpOnly) await assertSafeModuleOrdersAccepted();
// What safe-module mode adds to the run: its chain, setup batch, grant and check (its rows' time is printed at the end).
const safeSetupS = (performance.now() - safeSetupStart) / 1000;
/** What the rows time is what the exchange accepts: one order per exchange, signed by the session account, checked by the stand-in. */
async function assertSafeModuleOrdersAccepted() {
  for (const [index, exchange] of safeChain.exchanges.entries()) {
    let td = safeEnvelopeOrder();
    while (getAddress(td.domain.verifyingContract) !== getAddress(exchange.address)) td = safeEnvelopeOrder();
    const signature = (await safeModule.sign(td)) as `0x${string}`;
    const c = td.message.contents;
    const struct = { ...c, salt: BigInt(c.salt), tokenId: BigInt(c.tokenId), makerAmount: BigInt(c.makerAmount), takerAmount: BigInt(c.takerAmount), timestamp: BigInt(c.timestamp) };
    if (!(await exchange.contract.read.isValidOrderSignature([struct, signature]))) throw new TypeError(`exchange ${index} refused the bench's safe-module order`);
  }
}
// The Redis store (bench/redis.ts starts its redis-server): the full pipeline, the same wallet and orders.
const redis = await unlessHttpOnly(() => startBenchRedis());
if (!httpOnly) await initBenchWallet(redis, owner.address);
const allRedis = await unlessHttpOnly(() => guarded("NORMAL", "full", "eoa", redisStoreConfig(redis)));
const redisSign = httpOnly ? (null as never) : countingStoreDenials(allRedis.warden, allRedis.sign);

const entry = (run: (n: number, s: number[]) => Promise<number>) => ({ samples: [] as number[], wall: 0, ops: 0, run });
const allRuns = {
  raw_viem_sign_typed_data: entry((n, s) => sequential(raw, n, s)),
  guarded_inprocess: entry((n, s) => sequential(normal.sign, n, s)),
  guarded_inprocess_concurrent32: entry((n, s) => concurrent(normal.sign, n, s)),
  guarded_inprocess_fsync_full: entry((n, s) => sequential(full.sign, n, s)),
  guarded_inprocess_fsync_full_concurrent32: entry((n, s) => concurrent(full.sign, n, s)),
  full_pipeline: entry((n, s) => sequential(allNormal.sign, n, s)),
  full_pipeline_concurrent32: entry((n, s) => concurrent(allNormal.sign, n, s)),
  full_pipeline_fsync_full: entry((n, s) => sequential(allFull.sign, n, s)),
  full_pipeline_fsync_full_concurrent32: entry((n, s) => concurrent(allFull.sign, n, s)),
  raw_viem_sign_typed_data_deposit_wallet: entry((n, s) => sequential(rawEnvelope, n, s, () => envelopeOrder())),
  deposit_wallet_full_pipeline: entry((n, s) => sequential(deposit.sign, n, s, () => envelopeOrder())),
  deposit_wallet_full_pipeline_concurrent32: entry((n, s) => concurrent(deposit.sign, n, s, () => envelopeOrder())),
  // The baseline: a viem local account signing the same TypedDataSign document for the Safe.
  raw_viem_sign_typed_data_safe_module: entry((n, s) => sequential(rawEnvelope, n, s, safeEnvelopeOrder)),
  safe_module_full_pipeline: entry((n, s) => sequential(safeModule.sign, n, s, safeEnvelopeOrder)),
  safe_module_full_pipeline_concurrent32: entry((n, s) => concurrent(safeModule.sign, n, s, safeEnvelopeOrder)),
  redis_full_pipeline: entry((n, s) => sequential(redisSign.sign, n, s)),
  redis_full_pipeline_concurrent32: entry((n, s) => concurrent(redisSign.sign, n, s)),
};
const runs = httpOnly ? { full_pipeline_concurrent32: allRuns.full_pipeline_concurrent32 } : allRuns;

// Warm-up (JIT, noble precomputation, SQLite caches), then interleaved rounds so drift hits all alike.
for (const r of Object.values(runs)) await r.run(300, []);
for (let round = 0; round < ROUNDS; round++) {
  for (const r of Object.values(runs)) {
    r.wall += await r.run(PER_ROUND, r.samples);
    r.ops += PER_ROUND;
  }
}
const measured = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, stats(r.samples, r.wall, r.ops)])) as Record<keyof typeof allRuns, Stats>;
// The in-process full pipeline with 32 in flight of this run: the HTTP ratio's denominator.
const inprocess32 = measured.full_pipeline_concurrent32;
const results: Record<string, Stats | Omit<Stats, "mean_us">> = httpOnly ? {} : measured;
const safeRowsS = httpOnly ? 0 : Object.entries(runs).filter(([k]) => k.includes("safe_module")).reduce((sum, [, r]) => sum + r.wall * (1 + 300 / r.ops), 0) / 1000;
const ratios: Record<string, number> = {};
if (!httpOnly) inprocessRatios(measured);
/** The in-process ratios: (b) against raw viem, and the Redis store against the embedded one. */
function inprocessRatios(results: Record<keyof typeof allRuns, Stats>) {
  const base = results.raw_viem_sign_typed_data.mean_us;
  // Ratios of (b) to (a): on mean time per signature (1 / throughput) and on p50 latency.
  for (const name of Object.keys(runs) as Array<keyof typeof allRuns>) {
    // The Redis store's rows are compared with the embedded store's (below), not with raw viem.
    if (name.startsWith("raw_viem_sign_typed_data") || name.startsWith("redis_")) continue;
    // Deposit-wallet and safe-module variants against raw viem signing the same envelope; every other against the plain order.
    const baseline = name.startsWith("deposit_wallet")
      ? results.raw_viem_sign_typed_data_deposit_wallet
      : name.startsWith("safe_module")
        ? results.raw_viem_sign_typed_data_safe_module
        : results.raw_viem_sign_typed_data;
    ratios[`${name}_vs_raw_viem`] = round3(results[name].mean_us / baseline.mean_us);
    if (!name.includes("concurrent")) ratios[`${name}_vs_raw_viem_p50`] = round3(results[name].p50_us / baseline.p50_us);
  }
  // The stricter reading: Warden signing the envelope against raw viem signing the plain order.
  ratios.deposit_wallet_full_pipeline_vs_raw_viem_plain_order = round3(results.deposit_wallet_full_pipeline.mean_us / base);
  ratios.safe_module_full_pipeline_vs_raw_viem_plain_order = round3(results.safe_module_full_pipeline.mean_us / base);
  // The Redis store against the embedded one, same pipeline and rounds (target ≤ 1.5 with requests in flight).
  ratios.redis_vs_embedded = round3(results.redis_full_pipeline_concurrent32.mean_us / results.full_pipeline_concurrent32.mean_us);
  ratios.redis_vs_embedded_sequential = round3(results.redis_full_pipeline.mean_us / results.full_pipeline.mean_us);
}
function round3(n: number) {
  return Math.round(n * 1000) / 1000;
}
for (const g of [normal, full, allNormal, allFull, deposit, safeModule, allRedis]) {
  if (g === null) continue;
  if (!(await g.warden.verifyAudit()).ok) throw new TypeError("audit chain broken during the benchmark");
  await g.warden.close();
  rmSync(g.dir, { recursive: true, force: true });
}
await chain?.close();
await safeChain?.close();

// HTTP signing from a separate load process, server and load pinned to different cores (targets:
// ≥ 0.7× the in-process throughput with 32 in flight, p99 ≤ 5 ms at 1,000 requests/s).
const http = await benchHttp({ pk, order: (maker) => order(maker), exchanges: EXCHANGES.map(([a]) => a), seconds: 10, rate: 1000, logLevel: "info", costRounds: 3 });
Object.assign(results, http.rows);
ratios.http_vs_inprocess = round3(http.rows.http_sign_concurrent32.ops_per_s / inprocess32.ops_per_s);
Object.assign(http.notes, { inprocess_full_pipeline_concurrent32_ops_per_s: inprocess32.ops_per_s });

// The kill switch: arm → cancel request on the wire (target p99 ≤ 100 ms), and signing with the heartbeat on vs off.
const killSwitchRows = httpOnly ? {} : await benchKillSwitch({
  pk,
  owner,
  config: benchConfig,
  order,
  exchanges: EXCHANGES.map(([a]) => a),
  arms: 200,
  rounds: ROUNDS,
  perRound: PER_ROUND / 3,
});
Object.assign(results, killSwitchRows);

// safe-module (issue 14): from the owners' on-chain revokeSession / pauseSession to the proxy's first denial.
const safeRevoke = httpOnly ? null : await benchSafeRevoke({ rounds: 5 });
if (safeRevoke) Object.assign(results, safeRevoke.rows);

// The Redis store: kill-switch propagation A → B, denials while Redis hangs, SIGKILL × 20.
const redisPart = httpOnly ? null : await benchRedis({ redis, config: benchConfig, order, exchanges: EXCHANGES.map(([a]) => a), arms: 200, stopMs: 2_000, sigkillRounds: 20 });
if (redisPart) {
  Object.assign(results, redisPart.rows);
  redisPart.notes.signing_store_denials = redisSign.denials();
  await redis.stop();
}

const path = join(import.meta.dirname, "results.json");
let previous: { machine?: Record<string, unknown>; results?: Record<string, unknown>; ratios?: Record<string, unknown> } = {};
try {
  previous = JSON.parse(readFileSync(path, "utf8"));
} catch {
  // first run
}
const cpu = cpus()[0];
const machine = httpOnly ? { ...previous.machine, http: http.notes } : {
  cpu: cpu?.model ?? "unknown",
  cores: cpus().length,
  memory_gib: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  date: new Date().toISOString(),
  orders_per_run: ROUNDS * PER_ROUND,
  redis: redisPart?.notes,
  safe_revoke: safeRevoke?.notes,
  http: http.notes,
  safe_module: { date: new Date().toISOString(), load_average_1m: loadAtStart, setup_s: round(safeSetupS), rows_s: round(safeRowsS) },
};
// Later issues add their own entries: keep them, replace ours (a full run in its own order, ahead of the kept ones).
const merge = <T>(kept: Record<string, T> = {}, ours: Record<string, T>) => (httpOnly ? { ...kept, ...ours } : { ...ours, ...Object.fromEntries(Object.entries(kept).filter(([k]) => !(k in ours))) });
const out = {
  machine,
  results: merge(previous.results, Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { p50_us: v.p50_us, p99_us: v.p99_us, ops_per_s: v.ops_per_s }]))),
  ratios: merge(previous.ratios as Record<string, number> | undefined, ratios),
  // Issue 14: the proxy never signs what the module refuses — 10,000 (scope, order) pairs on a local chain (target 0 disagreements).
  module_agreement: httpOnly ? (previous as { module_agreement?: unknown }).module_agreement : await (await import("./moduleAgreement")).benchModuleAgreement({ pairs: 10_000 }),
};
writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
const readme = join(import.meta.dirname, "..", "README.md");
const text = readFileSync(readme, "utf8").replace(
  /<!-- bench-table:start -->[\s\S]*?<!-- bench-table:end -->/,
  `<!-- bench-table:start -->\n${renderBenchTable(out as BenchResults)}\n<!-- bench-table:end -->`,
);
writeFileSync(readme, text);

const rows = Object.entries(results).map(([k, v]) => `| ${k} | ${v.p50_us} | ${v.p99_us} | ${v.ops_per_s} |`);
console.log(["| benchmark | p50 µs | p99 µs | ops/s |", "| --- | ---: | ---: | ---: |", ...rows].join("\n"));
console.log(`\nratios (b)/(a), mean time per signature (target ≤ 0.5), and the HTTP ratio (target ≥ 0.7):`);
for (const [k, v] of Object.entries(ratios)) console.log(`  ${k}: ${v}`);
if (!httpOnly) console.log(`\nsafe-module mode added ${round(safeSetupS)} s of setup (chain, setup batch, grant, orders checked) and ${round(safeRowsS)} s of rows (warm-up included).`);
const cost = http.notes.cost;
if (cost) {
  const line = (name: string, c: { median_us: number; rounds_us: number[]; system_rounds_us: number[] }) => `  ${name}: ${c.median_us} µs (rounds ${c.rounds_us.join(", ")}; system ${c.system_rounds_us.join(", ")})`;
  console.log(`\nserver CPU per request (user + system, ${cost.connections} connections or in flight):`);
  console.log([line("GET /livez", cost.livez), line("POST /v1/sign", cost.sign), line("in-process sign", cost.inprocess), `  HTTP's share of a signature: ${cost.http_overhead_us} µs`].join("\n"));
}
