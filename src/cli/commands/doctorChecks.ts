import { accessSync, constants, existsSync, mkdirSync, statSync, statfsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createPublicClient, getAddress, http } from "viem";
import type { WardenConfig } from "../../config/wardenConfigSchema";
import { readAllowances } from "./readAllowances";
import { polymarketExchanges } from "../../core/polymarket/exchanges";
import { clobBookSchema } from "../../market/clobBookSchema";
import { loadFixtureMarketDataSource } from "../../market/loadFixtureMarketDataSource";
import { WardenError } from "../../errors/WardenError";
import { loadKey } from "../cliKeystore";
import { readKeyEncryptionKey } from "../readKeyEncryptionKey";

/** One line of `warden doctor`: green or red, with what was seen and, when red, the fix; `warn`: green that deserves a look (its fix optional). */
export type DoctorCheck = { check: string; ok: boolean; detail: string; fix?: string; warn?: true };

const MIN_FREE_BYTES = 1024 ** 3;
const MAX_SKEW_MS = 2_000;
const MAX_CHAIN_LAG_S = 60;

const red = (check: string, detail: string, fix: string): DoctorCheck => ({ check, ok: false, detail, fix });
const green = (check: string, detail: string): DoctorCheck => ({ check, ok: true, detail });
const why = (e: unknown) => (e instanceof WardenError ? `${e.shortMessage} ${e.metaMessages.join(" ")}` : e instanceof Error ? e.name : "failed");

export function keystoreCheck(config: WardenConfig, env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  // Deposit-wallet mode on Redis: the session signer is sealed in the store; what this machine needs is the KEK.
  if (config.wallet.mode === "deposit-wallet" && config.store.kind === "redis") {
    try {
      readKeyEncryptionKey(config, env).fill(0);
      return green("keystore", "the session signer is sealed in the Redis store; the key-encryption key is set (warden start opens it)");
    } catch (e) {
      return red("keystore", why(e), "set WARDEN_KEY_ENCRYPTION_KEY or store.redis.key_encryption_key_file, the same on every instance (openssl rand -hex 32)");
    }
  }
  // Safe-module mode holds no wallet key: each session's key is created encrypted in session_keys_dir.
  if (config.wallet.mode === "safe-module") {
    if (config.store.kind === "redis") {
      try {
        readKeyEncryptionKey(config, env).fill(0);
        return green("keystore", "no wallet key (the Safe's owners keep theirs); session keys are sealed in the Redis store with the key-encryption key, which is set");
      } catch (e) {
        return red("keystore", why(e), "set WARDEN_KEY_ENCRYPTION_KEY or store.redis.key_encryption_key_file, the same on every instance (openssl rand -hex 32)");
      }
    }
    return env.WARDEN_KEYSTORE_PASSPHRASE
      ? green("keystore", `no wallet key (the Safe's owners keep theirs); session keys are encrypted in ${config.wallet.session_keys_dir} with WARDEN_KEYSTORE_PASSPHRASE, which is set`)
      : red("keystore", "WARDEN_KEYSTORE_PASSPHRASE is not set", `set WARDEN_KEYSTORE_PASSPHRASE: it encrypts each session's key in ${config.wallet.session_keys_dir}`);
  }
  try {
    const key = loadKey(config, () => undefined, { create: false });
    return green("keystore", `opens; wallet key ${key.address}`);
  } catch (e) {
    return red("keystore", why(e), "run warden init (or warden init --import <keystore>) and set WARDEN_KEYSTORE_PASSPHRASE");
  }
}

export function storeCheck(config: WardenConfig): DoctorCheck {
  if (config.store.kind !== "embedded") return green("store", "redis: checked by warden start (store init first)");
  const dir = dirname(resolve(config.store.path));
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    accessSync(dir, constants.W_OK);
  } catch {
    return red("store", `${dir} is not writable`, `make ${dir} writable by this user, or change store.path`);
  }
  const { bavail, bsize } = statfsSync(dir);
  const free = Number(bavail) * Number(bsize);
  const gib = (free / 1024 ** 3).toFixed(1);
  return free < MIN_FREE_BYTES ? red("store", `${dir}: ${gib} GiB free`, "free at least 1 GiB: a full disk makes the store refuse all signing") : green("store", `${dir} writable, ${gib} GiB free`);
}

/** Market data reachable and fresh, and the clock against the CLOB's (http source). */
export async function marketDataChecks(config: WardenConfig, nowMs: () => number): Promise<DoctorCheck[]> {
  const source = config.market_data.source;
  if (source.kind === "fixture") {
    try {
      await loadFixtureMarketDataSource({ path: source.path });
      return [green("market data", `offline fixture ${source.path} loads (development data, not live)`), green("clock", "offline fixture: no remote clock to compare")];
    } catch (e) {
      return [red("market data", why(e), "fix market_data.source.path or use { \"kind\": \"http\" }")];
    }
  }
  try {
    const sent = nowMs();
    const res = await fetch(`${source.clobBaseUrl.replace(/\/$/, "")}/time`, { signal: AbortSignal.timeout(source.timeoutMs) });
    const serverS = Number(await res.text());
    const local = (sent + nowMs()) / 2;
    if (!res.ok || !Number.isFinite(serverS)) return [red("market data", `${source.clobBaseUrl}/time answered ${res.status}`, "check market_data.source.clobBaseUrl and the network")];
    const skew = Math.round(local - serverS * 1000);
    return [
      green("market data", `${source.clobBaseUrl} reachable in ${nowMs() - sent} ms`),
      Math.abs(skew) > MAX_SKEW_MS ? red("clock", `local clock ${skew} ms off the CLOB's`, "sync the clock (chrony/ntpd): orders are refused outside signing.max_order_future_skew_s") : green("clock", `skew ${skew} ms`),
      await bookFreshnessCheck(config, nowMs),
    ];
  } catch {
    return [red("market data", `${source.clobBaseUrl} unreachable`, "check the network and market_data.source.clobBaseUrl")];
  }
}

/** The first tracked token's CLOB book parses and is younger than the stale-book guard's window. */
async function bookFreshnessCheck(config: WardenConfig, nowMs: () => number): Promise<DoctorCheck> {
  const source = config.market_data.source;
  const token = config.market_data.track.token_ids[0];
  if (source.kind !== "http") return green("book", "offline fixture");
  if (token === undefined) return green("book", "no token in market_data.track.token_ids: books are fetched when sessions first order them");
  // The stricter of the source's limit and the stale-book guard's window.
  const maxAge = Math.min(config.market_data.maxBookAgeMs, config.risk.stale_book.max_book_age_ms);
  const short = `${token.slice(0, 8)}…`;
  try {
    const res = await fetch(`${source.clobBaseUrl.replace(/\/$/, "")}/book?token_id=${token}`, { signal: AbortSignal.timeout(source.timeoutMs) });
    const book = clobBookSchema.safeParse(res.ok ? await res.json() : null);
    if (!book.success) return red("book", `token ${short}: the CLOB answered ${res.status} without a valid book`, "check market_data.track.token_ids (a live market's token id) and market_data.source.clobBaseUrl");
    const age = Math.round(nowMs() - book.data.timestamp);
    return age > maxAge
      ? red("book", `token ${short}: book ${age} ms old (window ${maxAge} ms)`, "the CLOB serves a stale book (or the clock is off): orders on it are denied RISK_BOOK_STALE_15S until it is fresh")
      : green("book", `token ${short}: book ${age} ms old (window ${maxAge} ms)`);
  } catch {
    return red("book", `token ${short}: no book from ${source.clobBaseUrl}`, "check the network and market_data.source.clobBaseUrl");
  }
}

/** For modes on a chain: the RPC answers, its latest block is recent, and it serves `chain_id`'s chain. */
export async function chainChecks(config: WardenConfig, nowMs: () => number): Promise<DoctorCheck[]> {
  if (config.wallet.mode === "eoa") return [];
  const url = config.wallet.rpc_url;
  const host = new URL(url).host;
  const call = async <T>(method: string, params: unknown[]): Promise<T | undefined> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(5_000),
    });
    return ((await res.json()) as { result?: T }).result;
  };
  let block: { timestamp?: string; number?: string } | undefined;
  try {
    block = await call("eth_getBlockByNumber", ["latest", false]);
  } catch {
    return [red("rpc", `${host} unreachable`, "check wallet.rpc_url and the network")];
  }
  if (!block?.timestamp) return [red("rpc", `${host} gave no latest block`, "check wallet.rpc_url")];
  const lag = Math.round(nowMs() / 1000 - Number(BigInt(block.timestamp)));
  const chainId = await call<string>("eth_chainId", []).catch(() => undefined);
  return [
    lag > MAX_CHAIN_LAG_S
      ? red("rpc", `${host}: latest block ${lag} s old`, "use an RPC endpoint that is in sync (wallet.rpc_url)")
      : green("rpc", `${host}: block ${BigInt(block.number ?? "0x0")} ${lag} s old`),
    chainId === undefined
      ? red("chain id", `${host} gave no eth_chainId`, "check wallet.rpc_url")
      : Number(BigInt(chainId)) === config.chain_id
        ? green("chain id", `${host} serves chain ${config.chain_id} (chain_id)`)
        : red("chain id", `${host} serves chain ${BigInt(chainId)}, the config says chain_id ${config.chain_id}`, "point wallet.rpc_url at a node of chain_id's chain (137 Polygon, 80002 Amoy), or fix chain_id"),
  ];
}

/**
 * The allowances a trading wallet needs on-chain (research/polymarket-v2.md §7.2): pUSD `approve`
 * (BUY) and ConditionalTokens `setApprovalForAll` (SELL) for CTFExchangeV2 and NegRisk
 * CTFExchangeV2. Red names every one missing and how the wallet sets it.
 */
export async function allowanceChecks(config: WardenConfig): Promise<DoctorCheck[]> {
  if (config.wallet.mode !== "deposit-wallet") return [];
  const wallet = getAddress(config.wallet.deposit_wallet);
  const client = createPublicClient({ transport: http(config.wallet.rpc_url, { timeout: 5_000, retryCount: 0 }) });
  const exchanges = polymarketExchanges.filter((e) => e.version === "2");
  try {
    const read = await readAllowances(client, wallet, exchanges.map((e) => ({ address: getAddress(e.address), name: e.name })));
    const missing = read.flatMap((s) => [...(s.pusd ? [] : [`pUSD.approve(${s.name})`]), ...(s.ctf ? [] : [`ConditionalTokens.setApprovalForAll(${s.name}, true)`])]);
    const names = exchanges.map((e) => e.name).join(" and ");
    return missing.length === 0
      ? [green("allowances", `${wallet}: pUSD and ConditionalTokens approved for ${names}`)]
      : [
          red(
            "allowances",
            `${wallet} lacks ${missing.join(", ")}`,
            "the owner approves them from the deposit wallet (one Batch through the relayer, as clob-client-v2's examples/account/approveDepositWalletAllowances.ts); without them the exchange cannot fill its orders",
          ),
        ];
  } catch {
    return [red("allowances", `cannot read the allowances of ${wallet}`, "check wallet.rpc_url (a Polygon RPC) and that pUSD and ConditionalTokens exist on that chain")];
  }
}
