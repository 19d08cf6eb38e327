import { join } from "node:path";
import fc from "fast-check";
import type { network } from "hardhat";
import { type Address, type Hex, createWalletClient, getAddress, hashTypedData, hexToBigInt, http, keccak256, parseAbi, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { buildSafeSetupCalls } from "../../src/chain/buildSafeSetupCalls";
import { encodeOrderData } from "../../src/chain/encodeOrderData";
import { encodeWardenSessionPayload } from "../../src/chain/encodeWardenSessionPayload";
import { executeSafeTransaction } from "../../src/chain/executeSafeTransaction";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenStatus } from "../../src/chain/generated/wardenStatus";
import { hashSessionOrder } from "../../src/chain/hashSessionOrder";
import { openSafeKit } from "../../src/chain/openSafeKit";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { ORDER_TYPE_HASH, orderTypes } from "../../src/core/polymarket/orderTypes";
import type { V2Order } from "../../src/core/polymarket/V2Order";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSafeExecutorAccount } from "../../src/signer/toSafeExecutorAccount";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { type SafeSessionKeys, createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { createWarden } from "../../src/warden/createWarden";
import type { Warden } from "../../src/warden/Warden";
import { type JsonRpcServer, startJsonRpcServer } from "../helpers/jsonRpcServer";
import { FIXTURE_TOKEN, roomyRisk, tempDir } from "../helpers/testWarden";
import { safeSetupChain } from "./safeSetupChain";

type Connection = Awaited<ReturnType<typeof network.connect>>;

/** clob-client-v2's own V2/V3 order builders (not exported from its package root): the stock POLY_1271 envelope and trailer. */
type ClobExchangeOrderBuilder = { buildSignedOrder(orderData: Record<string, unknown>): Promise<Record<string, string | number>> };
type ClobExchangeOrderBuilderClass = new (exchange: Address, chainId: number, signer: unknown, generateSalt?: () => string, domainVersion?: string) => ClobExchangeOrderBuilder;
const { ExchangeOrderBuilderV2, ExchangeOrderBuilderV3 } = (await import("../../node_modules/@polymarket/clob-client-v2/dist/order-utils/exchangeOrderBuilderV2.js" as string)) as {
  ExchangeOrderBuilderV2: ClobExchangeOrderBuilderClass;
  ExchangeOrderBuilderV3: ClobExchangeOrderBuilderClass;
};

const safeAbi = parseAbi(["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"]);
const EIP1271_MAGIC = "0x1626ba7e";
/** The module's `MAX_ORDER_CLOCK_SKEW_SEC`: how far an order's timestamp may run ahead of the block. */
const MODULE_FUTURE_SKEW_S = 60;
const ONE = 1_000_000n;

/**
 * One Warden's order-time windows: `signing.max_order_age_s` and `signing.max_order_future_skew_s`
 * (Warden's own check at signing time) and `wallet.max_order_age_s` (the grant's `maxOrderAgeSec`,
 * the module's check). One Warden per set; every scope is granted by one of them.
 */
export type OrderWindows = { signing_age_s: number; wallet_age_s: number; future_skew_s: number };

/**
 * The windows the agreement runs with: the defaults (Warden's 60 s inside the module's day), both
 * ages equal with the skew at the module's 60 s (every time bound of Warden on the module's), and
 * one in between with no future skew.
 */
export const AGREEMENT_WINDOWS: readonly OrderWindows[] = [
  { signing_age_s: 60, wallet_age_s: 86_400, future_skew_s: 5 },
  { signing_age_s: 3600, wallet_age_s: 3600, future_skew_s: 60 },
  { signing_age_s: 300, wallet_age_s: 900, future_skew_s: 0 },
];

/**
 * How an order's timestamp is placed against the block the module is asked at (`B`, seconds):
 * `module_age` at `(B − wallet.max_order_age_s)·1000 + delta`, `warden_age` at Warden's own bound
 * `(B − signing.max_order_age_s)·1000 + delta`, `future` at the module's bound `(B + 60)·1000 + delta`,
 * `offset` at `B·1000 + delta`, `age_fraction` at `B·1000 − delta · wallet.max_order_age_s · 1000` (a fraction of it).
 */
type TimestampAt = { at: "module_age" | "warden_age" | "future" | "offset"; delta_ms: number } | { at: "age_fraction"; fraction: number };

/** One order of a case, written relative to the scope and to the block it is checked at. */
export type OrderSpec = {
  label: string;
  side: 0 | 1;
  exchange: 0 | 1 | 2;
  tokenId: bigint;
  makerAmount: bigint;
  takerAmount: bigint;
  timestamp: TimestampAt;
  salt: bigint;
};

/** A session scope, the Warden (windows) that grants it, when its orders are checked, and its orders. */
export type ScopeCase = {
  windows: number;
  max_per_call_micros: bigint;
  max_buy_price_micros: bigint;
  min_sell_price_micros: bigint;
  /** Bit i: exchange i is in the contract allowlist (never 0). */
  exchange_bits: number;
  lifetime_h: number;
  /** Checked `early_s` after the grant, or at its `validUntil` + `end_delta_s` (lifetime's last second and either side). */
  check: { early_s: number } | { end_delta_s: -1 | 0 | 1 };
  orders: OrderSpec[];
};

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** A takerAmount that puts an order giving `maker` inside the scope's band (BUY: at most the ceiling; SELL: at least the floor). */
const inBandTaker = (side: 0 | 1, maker: bigint, s: Pick<ScopeCase, "max_buy_price_micros" | "min_sell_price_micros">) =>
  side === 0 ? ceilDiv(maker * ONE, s.max_buy_price_micros) : ceilDiv(s.min_sell_price_micros * maker, ONE) || 1n;

const micros = (min: bigint, max: bigint) => fc.oneof({ weight: 1, arbitrary: fc.constantFrom(min, max) }, { weight: 4, arbitrary: fc.bigInt({ min, max }) });

/**
 * Scope cases: cap 1–10,000 pUSD, BUY ceiling (0, 1] and SELL floor [0, 1] in micro-pUSD (the
 * "no bound" ends weighted up), a non-empty exchange subset, 1–48 h lifetimes, most checked soon
 * after the grant and some at the lifetime's end; 20 orders each: one unit inside, at and one unit
 * past the per-call cap, the price band, the module's maximum order age, Warden's own age window
 * and the module's future bound (15), two more in scope, three wild ones.
 */
export const scopeCaseArbitrary = (windowsCount: number): fc.Arbitrary<ScopeCase> =>
  fc
    .record({
      windows: fc.integer({ min: 0, max: windowsCount - 1 }),
      max_per_call_micros: micros(1_000_000n, 10_000_000_000n),
      max_buy_price_micros: micros(1n, ONE),
      min_sell_price_micros: micros(0n, ONE),
      exchange_bits: fc.integer({ min: 1, max: 7 }),
      lifetime_h: fc.integer({ min: 1, max: 48 }),
      check: fc.oneof({ weight: 6, arbitrary: fc.record({ early_s: fc.integer({ min: 30, max: 600 }) }) }, { weight: 1, arbitrary: fc.record({ end_delta_s: fc.constantFrom(-1 as const, 0 as const, 1 as const) }) }),
      seeds: fc.array(fc.record({ side: fc.constantFrom(0 as const, 1 as const), pick: fc.nat(), salt: fc.bigInt({ min: 1n, max: 2n ** 64n }), r: fc.double({ min: 0, max: 1, noNaN: true }), r2: fc.double({ min: 0, max: 1, noNaN: true }), r3: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 20, maxLength: 20 }),
    })
    .map(({ seeds, ...scope }) => ({ ...scope, orders: ordersFor(scope, seeds) }));

type Seed = { side: 0 | 1; pick: number; salt: bigint; r: number; r2: number; r3: number };

const EDGE = ["inside", "at", "past"] as const;

/**
 * The tokens orders name: the fixture market's, the extremes and 30 others. The module's token
 * allowlist is off (Warden's grants), so the token decides nothing on-chain; a fixed pool keeps each
 * Warden's on-demand market-data tracking (market_data.track.max_tokens) from filling up.
 */
const TOKENS: readonly bigint[] = [BigInt(FIXTURE_TOKEN), 1n, 2n ** 256n - 1n, ...Array.from({ length: 30 }, (_, i) => hexToBigInt(keccak256(toHex(`agreement token ${i}`))))];

function ordersFor(s: Omit<ScopeCase, "orders">, seeds: Seed[]): OrderSpec[] {
  const allowed = [0, 1, 2].filter((i) => (s.exchange_bits >> i) & 1) as (0 | 1 | 2)[];
  const cap = s.max_per_call_micros;
  const fresh: TimestampAt = { at: "offset", delta_ms: -1000 };
  const orders: OrderSpec[] = [];
  const add = (seed: Seed, o: Omit<OrderSpec, "salt" | "exchange" | "tokenId"> & Partial<Pick<OrderSpec, "exchange">>) =>
    orders.push({ exchange: allowed[seed.pick % allowed.length]!, tokenId: TOKENS[Number(seed.salt % BigInt(TOKENS.length))]!, salt: seed.salt, ...o });
  const seed = (i: number) => seeds[i]!;
  const anyMaker = (r: number) => 1n + BigInt(Math.floor(r * Number(cap - 1n)));
  // What the wallet gives, one unit under, at and one unit over the cap; priced inside the band.
  for (const [j, d] of [-1n, 0n, 1n].entries()) {
    const side = seed(j).side;
    add(seed(j), { label: `cap:${EDGE[j]}`, side, makerAmount: cap + d, takerAmount: inBandTaker(side, cap + d, s), timestamp: fresh });
  }
  // The price band: whole shares put the middle order exactly on the bound. A SELL without a floor has no band edge: BUY then.
  const bandSide: 0 | 1 = s.min_sell_price_micros === 0n ? 0 : seed(3).side;
  for (const [j, d] of [-1n, 0n, 1n].entries()) {
    if (bandSide === 0) {
      // At least 2 shares: at a 1-micro ceiling one share's bound is 1 unit, and one unit inside it would be nothing.
      const least = s.max_buy_price_micros === 1n ? 2 : 1;
      const shares = BigInt(least + Math.floor(seed(3).r * Math.max(0, Number(cap / s.max_buy_price_micros) - least)));
      // Paying one unit more than the bound allows for these shares is one unit past it.
      add(seed(3 + j), { label: `band_buy:${EDGE[j]}`, side: 0, makerAmount: s.max_buy_price_micros * shares + d, takerAmount: shares * ONE, timestamp: fresh });
    } else {
      const shares = BigInt(1 + Math.floor(seed(3).r * Math.max(0, Number(cap / ONE) - 1)));
      // Receiving one unit less than the floor asks for these shares is one unit past it.
      add(seed(3 + j), { label: `band_sell:${EDGE[j]}`, side: 1, makerAmount: shares * ONE, takerAmount: s.min_sell_price_micros * shares - d, timestamp: fresh });
    }
  }
  // Timestamps one ms inside, at and one ms past the module's maximum order age, Warden's own age window and the module's future bound.
  for (const [k, at] of (["module_age", "warden_age", "future"] as const).entries())
    for (const [j, d] of [1, 0, -1].entries()) {
      const sd = seed(6 + 3 * k + j);
      const maker = anyMaker(sd.r);
      add(sd, { label: `${at}:${EDGE[j]}`, side: sd.side, makerAmount: maker, takerAmount: inBandTaker(sd.side, maker, s), timestamp: { at, delta_ms: at === "future" ? -d : d } });
    }
  // Two in scope, anywhere inside.
  for (const i of [15, 16]) {
    const sd = seed(i);
    const maker = anyMaker(sd.r);
    add(sd, { label: "in_scope", side: sd.side, makerAmount: maker, takerAmount: inBandTaker(sd.side, maker, s), timestamp: { at: "offset", delta_ms: -Math.floor(sd.r2 * 50_000) } });
  }
  // Three wild: any exchange, up to twice the cap, price 0.001–1.2, timestamp from 1.5 module ages ago to a little ahead.
  for (const i of [17, 18, 19]) {
    const sd = seed(i);
    const maker = 1n + BigInt(Math.floor(sd.r * Number(cap * 2n)));
    const priceMicros = BigInt(1000 + Math.floor(sd.r2 * 1_199_000));
    const taker = sd.side === 0 ? ceilDiv(maker * ONE, priceMicros) : (maker * priceMicros) / ONE || 1n;
    add(sd, { label: "wild", side: sd.side, exchange: (sd.pick % 3) as 0 | 1 | 2, makerAmount: maker, takerAmount: taker, timestamp: { at: "age_fraction", fraction: sd.r3 * 1.502 - 0.002 } });
  }
  return orders;
}

/** One (scope, order) pair's outcome on both sides. */
export type PairOutcome = {
  label: string;
  windows: OrderWindows;
  order: { side: 0 | 1; exchange: string; makerAmount: string; takerAmount: string; timestamp_ms: number; block_ms: number };
  scope: { cap: string; max_buy: string; min_sell: string; exchanges: number; valid_until_s: number };
  warden: { signed: true } | { signed: false; reason_code: string; evidence: unknown };
  module: string;
  /** Only for pairs Warden signed: whether the Safe's isValidSignature accepts Warden's signature (called as the exchange). */
  safe_accepts_warden_signature?: boolean;
};

/** The counts of a run and every pair that is not plain agreement. */
export type AgreementReport = {
  pairs: number;
  approvals: number;
  denials: number;
  module_accepts: number;
  module_refuses: number;
  /** Warden signed and the Safe refuses the signature, or the module refuses the order. */
  disagreements: PairOutcome[];
  /** The module accepts, Warden denied: each must be a case where Warden is deliberately stricter. */
  stricter: PairOutcome[];
  /** The module's refusals by status, and Warden's denials by reason code. */
  module_statuses: Record<string, number>;
  warden_reasons: Record<string, number>;
  /**
   * Scopes checked soon after their grant (not at the lifetime's end), per order label (`cap:at`,
   * `module_age:past`, …) and per label and window set (`cap:at@w1`): how many pairs, how many the
   * module accepted, how many Warden signed.
   */
  edges: Record<string, { pairs: number; module_ok: number; warden_signed: number }>;
  grant_ms: number;
  check_ms: number;
};

/**
 * Where Warden may deny what the module accepts, on purpose: its own order-age window
 * (`signing.max_order_age_s` inside `wallet.max_order_age_s`) and future skew (inside the module's
 * 60 s) — the decoder's `message.timestamp`; and the lifetime's last second, which Warden's
 * read-back counts as expired (`validUntil <= now`) while the module's `block.timestamp <=
 * validUntil` still admits it. Anything else is a bug in this harness or in Warden.
 */
export function deliberatelyStricter(p: PairOutcome): string | null {
  if (p.warden.signed) return null;
  const evidence = (p.warden.evidence ?? {}) as { field?: string; problem?: string };
  // The decoder's check of the TypedDataSign contents' timestamp.
  if (p.warden.reason_code === "SEC_SIGNING_INVALID" && evidence.field === "message.contents.timestamp") {
    const ageMs = p.order.block_ms - p.order.timestamp_ms;
    if (ageMs > p.windows.signing_age_s * 1000) return "warden_max_order_age";
    if (-ageMs > p.windows.future_skew_s * 1000) return "warden_future_skew";
  }
  if (p.warden.reason_code === "WALLET_SAFE_SESSION_NOT_ACTIVE" && evidence.problem === "expired" && p.order.block_ms === p.scope.valid_until_s * 1000) return "lifetime_last_second";
  return null;
}

/** The chain, the Safe, and one in-process Warden per order-time window set, all on one clock (the chain's). */
export type AgreementWorld = Awaited<ReturnType<typeof agreementWorld>>;

/**
 * A chain-137 Hardhat network with a 2-of-3 Safe 1.5.0 set up by protocol-kit's batch (module,
 * ExtensibleFallbackHandler, domain verifiers), and one in-process safe-module Warden per entry of
 * `windows`. Their clock is the chain's: the timestamp of the block every `eth_call` runs on, so
 * Warden and the module judge each order at the same instant.
 *
 * Which guards can still deny, and why they do not for reasons outside the scope: the risk guards
 * of seeds 002/003 (compliance, market halt, stale book, market quality, blacklist, exposure,
 * drawdown) run `shadow_only` — they judge the market and the book, of which the module knows
 * nothing, so they record and never block; the kill switch is never armed, and no reason code's
 * route pauses the strategy (seed 003 pauses it on SEC_SIGNING_INVALID: Warden's reaction to one
 * refused order would decide every later one); the operator's per-call ceiling is far above every
 * scope's cap; the pipeline timeout is 1 s; sessions get a call budget above their order count and
 * a 30-day idle timeout; `signing.max_amount_usd` is at its maximum; orders name a fixed pool of
 * tokens and a session may start tracking any number a minute (market-data admission).
 * What decides is what the module also holds: the session's lifetime and grant, exchanges, cap,
 * price band, order age and future skew, maker/signer/signature type.
 */
export async function agreementWorld(connection: Connection, windows: readonly OrderWindows[] = AGREEMENT_WINDOWS) {
  const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const world = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
  const rpc: JsonRpcServer = await startJsonRpcServer(connection.provider);
  const executorKey = generatePrivateKey();
  await connection.provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000000"] });
  const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe: world.safe });
  const approveAndExecute = async (calls: readonly { to: Address; data: Hex; operation: number }[]): Promise<Hex> => {
    const kit = await openSafeKit({ safe: world.safe, provider: rpc.url, contractNetworks: world.contractNetworks });
    const transaction = await kit.createTransaction({ transactions: calls.map((c) => ({ to: c.to, value: "0", data: c.data, operation: c.operation })), onlyCalls: true });
    const safeTxHash = (await kit.getTransactionHash(transaction)) as Hex;
    const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: safeTxHash })));
    return executeSafeTransaction({ kit, transaction, safeTxHash, signatures, executor, client: world.publicClient, transport: http(rpc.url) });
  };
  const kit = await openSafeKit({ safe: world.safe, provider: rpc.url, contractNetworks: world.contractNetworks });
  await approveAndExecute(buildSafeSetupCalls({ safe: world.safe, module: world.module, chainId: 137, fallbackHandler: world.handler, current: { fallbackHandler: (await kit.getFallbackHandler()) as Address, moduleEnabled: await kit.isModuleEnabled(world.module) } }));

  const latestSec = async () => Number((await world.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  const clock = { ms: (await latestSec()) * 1000 };
  /** Mines an empty block at `sec` (if later than the head) and sets Warden's clock to the head's timestamp. */
  const moveTo = async (sec: number): Promise<number> => {
    if (sec > (await latestSec())) {
      await connection.provider.request({ method: "evm_setNextBlockTimestamp", params: [sec] });
      await connection.provider.request({ method: "evm_mine", params: [] });
    }
    const head = await latestSec();
    clock.ms = head * 1000;
    return head;
  };

  const wardens: { warden: Warden; keys: SafeSessionKeys; windows: OrderWindows }[] = [];
  for (const w of windows) {
    const dir = tempDir();
    const keys = createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: "agreement passphrase", scryptN: 16384 });
    const risk = Object.fromEntries(["compliance", "market_halt", "stale_book", "market_quality", "blacklist", "exposure", "drawdown"].map((g) => [g, { ...(roomyRisk.risk as Record<string, object>)[g], mode: "shadow_only" }]));
    const config: WardenConfigInput = {
      ...roomyRisk,
      chain_id: 137,
      log: { level: "silent" },
      store: { path: join(dir, "warden.db"), synchronous: "NORMAL" },
      risk: risk as WardenConfigInput["risk"],
      // A denial's route may pause the strategy (SEC_SIGNING_INVALID: immediate): Warden's reaction to
      // a refused order, not a verdict on the next one, so no code pauses here.
      routing: { codes: Object.fromEntries(["RISK_KILLSWITCH_TRIPPED", "RISK_MARKET_HALTED", "RISK_EXPOSURE_CAP_HIT", "RISK_DRAWDOWN_TRIGGERED", "EXEC_BUILDERCODE_MISSING", "SEC_SIGNING_INVALID", "GOV_STRATEGY_FORBIDDEN_INPUT"].map((c) => [c, { pause: "none" }])) },
      // Every order may name a token Warden does not track yet; admitting them is market-data plumbing, not scope.
      market_data: { ...roomyRisk.market_data, track: { ...roomyRisk.market_data?.track, max_new_tokens_per_session_per_min: 10_000 } },
      guards: { wallet_permission_guard: { mode: "hard_guard", max_per_call_size_usd: 1e9 }, pipeline_timeout_ms: 1000 },
      signing: { max_order_age_s: w.signing_age_s, max_order_future_skew_s: w.future_skew_s, max_clob_auth_age_s: 300, max_amount_usd: 1e12 },
      wallet: {
        mode: "safe-module",
        safe: world.safe,
        module: world.module,
        rpc_url: rpc.url,
        session_keys_dir: join(dir, "keys"),
        poll_interval_s: 300,
        max_staleness_s: 3600,
        max_order_age_s: w.wallet_age_s,
        extensible_fallback_handler: world.handler,
        safe_contracts: world.safeContracts,
      },
    };
    wardens.push({ warden: await createWarden({ wallet: keys, config, now: () => clock.ms }), keys, windows: w });
  }
  const close = async () => {
    for (const w of wardens) await w.warden.close();
    await rpc.close();
  };
  return { ...world, rpc, wardens, clock, moveTo, approveAndExecute, close };
}

type Granted = { c: ScopeCase; sessionId: Hex; onchainSessionId: Hex; credential: string; validUntilSec: number; key: WalletKey };

/**
 * Grants each case's scope in its Warden (`requestSession`) and on-chain: the owners approve
 * `batch` grants per Safe transaction (one MultiSendCallOnly batch), then Warden reads each back
 * active. Then, in order of check time, moves the chain (and Warden's clock) there and asks both
 * sides about every order: Warden through clob-client-v2's order builder on `toSessionAccount`
 * (the stock POLY_1271 envelope and trailer), the module with `eth_call`s of `checkOrder` on a
 * signature the test makes with the session's key from the key store, and, for each order Warden
 * signed, the Safe's `isValidSignature` on Warden's signature called as the exchange.
 *
 * @param world - {@link agreementWorld}.
 * @param cases - The scope cases.
 * @param batch - Grants per Safe transaction.
 * @returns The counts and every pair that is not plain agreement.
 */
export async function runAgreement(world: AgreementWorld, cases: readonly ScopeCase[], batch = 10): Promise<AgreementReport> {
  const report: AgreementReport = { pairs: 0, approvals: 0, denials: 0, module_accepts: 0, module_refuses: 0, disagreements: [], stricter: [], module_statuses: {}, warden_reasons: {}, edges: {}, grant_ms: 0, check_ms: 0 };
  const granted: Granted[] = [];
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i += batch) {
    await world.moveTo(0);
    const requested = [];
    for (const c of cases.slice(i, i + batch)) {
      const exchanges = polymarketExchanges.filter((_, k) => (c.exchange_bits >> k) & 1).map((e) => getAddress(e.address));
      const { safe_session } = await world.wardens[c.windows]!.warden.requestSession({
        strategy_id: "agreement",
        method_whitelist: ["CTFExchangeV2.matchOrders"],
        contract_allowlist: exchanges,
        max_per_call_size_usd: Number(c.max_per_call_micros) / 1e6,
        max_buy_price: Number(c.max_buy_price_micros) / 1e6,
        min_sell_price: Number(c.min_sell_price_micros) / 1e6,
        max_session_lifetime_h: c.lifetime_h,
        max_calls_per_session: 10_000,
        idle_timeout_s: 30 * 86_400,
      });
      requested.push({ c, s: safe_session! });
    }
    await world.approveAndExecute(requested.map(({ s }) => s.safe_transaction));
    for (const { c, s } of requested) {
      const activation = await world.wardens[c.windows]!.warden.refreshSafeSession(s.session_id);
      if (!activation?.active) throw new TypeError(`the grant of ${s.session_id} did not read back active: ${JSON.stringify(activation)}`);
      // The session's key, read from Warden's key store: the test signs the module's own check with it.
      const key = world.wardens[c.windows]!.keys.get(s.session_id);
      if (!key) throw new TypeError(`no key in the store for ${s.session_id}`);
      granted.push({ c, sessionId: s.session_id, onchainSessionId: activation.onchainSessionId, credential: s.credential, validUntilSec: s.valid_until_ms / 1000, key });
    }
  }
  report.grant_ms = performance.now() - t0;

  const t1 = performance.now();
  const issuedSec = Math.floor(world.clock.ms / 1000);
  const checkAt = (g: Granted) => ("early_s" in g.c.check ? issuedSec + g.c.check.early_s : g.validUntilSec + g.c.check.end_delta_s);
  for (const g of [...granted].sort((a, b) => checkAt(a) - checkAt(b))) {
    const head = await world.moveTo(checkAt(g));
    const { warden, windows } = world.wardens[g.c.windows]!;
    // The read-back at this instant, as the tracker's poll would make it.
    await warden.refreshSafeSession(g.sessionId);
    const key = g.key;
    const account = toSessionAccount({ warden, credential: g.credential, strategyId: "agreement" });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    for (const o of g.c.orders) {
      const exchange = polymarketExchanges[o.exchange]!;
      const timestampMs = timestampOf(o.timestamp, head, windows);
      const order: V2Order = {
        salt: o.salt,
        maker: world.safe,
        signer: world.safe,
        tokenId: o.tokenId,
        makerAmount: o.makerAmount,
        takerAmount: o.takerAmount,
        side: o.side,
        signatureType: 3,
        timestamp: BigInt(timestampMs),
        metadata: `0x${"00".repeat(32)}`,
        builder: `0x${"00".repeat(32)}`,
      };
      const domain = exchangeDomain({ exchange: getAddress(exchange.address), version: exchange.version, chainId: 137 });
      const hash = hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });

      // The module's own verdict: the session key signs in the test.
      const payload = encodeWardenSessionPayload({ sessionId: g.onchainSessionId, signature: key.signDigest(Buffer.from(hashSessionOrder({ module: world.module, chainId: 137, sessionId: g.onchainSessionId, orderHash: hash }).slice(2), "hex")) });
      const [, status] = await world.publicClient.readContract({ address: world.module, abi: wardenModuleAbi, functionName: "checkOrder", args: [world.safe, domain.verifyingContract, hash, exchangeDomainSeparator(domain), ORDER_TYPE_HASH, encodeOrderData(order), payload] });
      const moduleVerdict = wardenStatus[Number(status)] ?? `status ${status}`;

      // Warden's: the stock client's builder, with this exact order.
      const Builder = exchange.version === "3" ? ExchangeOrderBuilderV3 : ExchangeOrderBuilderV2;
      const builder = exchange.version === "3" ? new Builder(domain.verifyingContract, 137, client, () => o.salt.toString()) : new Builder(domain.verifyingContract, 137, client, () => o.salt.toString(), exchange.version);
      let wardenVerdict: PairOutcome["warden"];
      let signature: Hex | undefined;
      try {
        const signed = await builder.buildSignedOrder({ maker: world.safe, signer: world.safe, tokenId: o.tokenId.toString(), makerAmount: o.makerAmount.toString(), takerAmount: o.takerAmount.toString(), side: o.side === 0 ? "BUY" : "SELL", signatureType: 3, timestamp: String(timestampMs) });
        if (BigInt(signed.salt as string) !== o.salt) throw new TypeError("the client built another order than asked");
        signature = signed.signature as Hex;
        wardenVerdict = { signed: true };
      } catch (e) {
        if (!(e instanceof SigningDeniedError)) throw e;
        wardenVerdict = { signed: false, reason_code: String(e.vote.reason_code), evidence: e.vote.evidence };
      }
      const outcome: PairOutcome = {
        label: o.label,
        windows,
        order: { side: o.side, exchange: exchange.name, makerAmount: o.makerAmount.toString(), takerAmount: o.takerAmount.toString(), timestamp_ms: timestampMs, block_ms: head * 1000 },
        scope: { cap: g.c.max_per_call_micros.toString(), max_buy: g.c.max_buy_price_micros.toString(), min_sell: g.c.min_sell_price_micros.toString(), exchanges: g.c.exchange_bits, valid_until_s: g.validUntilSec },
        warden: wardenVerdict,
        module: moduleVerdict,
      };
      if (signature) {
        const magic = await world.publicClient.readContract({ address: world.safe, abi: safeAbi, functionName: "isValidSignature", args: [hash, signature], account: domain.verifyingContract });
        outcome.safe_accepts_warden_signature = magic === EIP1271_MAGIC;
      }
      report.pairs++;
      if (outcome.warden.signed) report.approvals++;
      else {
        report.denials++;
        report.warden_reasons[outcome.warden.reason_code] = (report.warden_reasons[outcome.warden.reason_code] ?? 0) + 1;
      }
      if (moduleVerdict === "Ok") report.module_accepts++;
      else {
        report.module_refuses++;
        report.module_statuses[moduleVerdict] = (report.module_statuses[moduleVerdict] ?? 0) + 1;
      }
      if ("early_s" in g.c.check)
        for (const k of [o.label, `${o.label}@w${g.c.windows}`]) {
          const e = (report.edges[k] ??= { pairs: 0, module_ok: 0, warden_signed: 0 });
          e.pairs++;
          if (moduleVerdict === "Ok") e.module_ok++;
          if (outcome.warden.signed) e.warden_signed++;
        }
      if (outcome.warden.signed && (moduleVerdict !== "Ok" || !outcome.safe_accepts_warden_signature)) report.disagreements.push(outcome);
      else if (!outcome.warden.signed && moduleVerdict === "Ok") report.stricter.push(outcome);
    }
  }
  report.check_ms = performance.now() - t1;
  return report;
}

function timestampOf(t: TimestampAt, headSec: number, w: OrderWindows): number {
  if (t.at === "age_fraction") return headSec * 1000 - Math.round(t.fraction * w.wallet_age_s * 1000);
  const base = { module_age: headSec - w.wallet_age_s, warden_age: headSec - w.signing_age_s, future: headSec + MODULE_FUTURE_SKEW_S, offset: headSec }[t.at];
  return base * 1000 + t.delta_ms;
}
