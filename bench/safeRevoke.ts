// safe-module's part of `npm run bench` for issue 14: how long after the owners' on-chain
// `revokeSession` (or the guardian's `pauseSession`) is mined the proxy denies its first order — in
// ms and in blocks mined in between — on an in-process Hardhat chain with a real 2-of-3 Safe 1.5.0,
// Warden in safe-module mode with its default intervals (full poll 4 s, events every second). The
// strategy keeps asking to sign every 5 ms; nothing asks Warden to refresh.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderBuilder, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import { network } from "hardhat";
import { type Hex, createWalletClient, custom, encodeFunctionData, getAddress, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { buildSafeSetupCalls } from "../src/chain/buildSafeSetupCalls";
import { encodeRevokeSession } from "../src/chain/encodeRevokeSession";
import { executeSafeTransaction } from "../src/chain/executeSafeTransaction";
import { wardenModuleAbi } from "../src/chain/generated/wardenModuleAbi";
import { openSafeKit } from "../src/chain/openSafeKit";
import type { SafeTransaction } from "../src/chain/SafeTransaction";
import { polymarketExchanges } from "../src/core/polymarket/exchanges";
import { SigningDeniedError } from "../src/errors/SigningDeniedError";
import { toSafeExecutorAccount } from "../src/signer/toSafeExecutorAccount";
import { toSessionAccount } from "../src/signer/toSessionAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { createSafeSessionKeys } from "../src/signer/wallets/createSafeSessionKeys";
import { createWarden } from "../src/warden/createWarden";
import { startJsonRpcServer } from "../test/helpers/jsonRpcServer";
import { FIXTURE_TOKEN, roomyRisk } from "../test/helpers/testWarden";
import { safeSetupChain } from "../test/safe/safeSetupChain";

type Stats = { p50_us: number; p99_us: number; ops_per_s: number };
const round1 = (n: number) => Math.round(n * 10) / 10;
const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * Revoke (and pause) to first denial, `rounds` times each.
 *
 * @returns Rows (latency in µs as p50/p99; ops_per_s is denials per second of waiting, for the table's shape) and notes (ms, blocks).
 */
export async function benchSafeRevoke({ rounds }: { rounds: number }): Promise<{ rows: Record<string, Stats>; notes: Record<string, unknown> }> {
  const connection = await network.connect({ override: { chainId: 137 } });
  const rpc = await startJsonRpcServer(connection.provider);
  const dir = mkdtempSync(join(tmpdir(), "warden-bench-safe-revoke-"));
  try {
    const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
    const world = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
    const executorKey = generatePrivateKey();
    await connection.provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
    const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe: world.safe });
    const kit = await openSafeKit({ safe: world.safe, provider: rpc.url, contractNetworks: world.contractNetworks });
    const execute = async (calls: readonly Pick<SafeTransaction, "to" | "data" | "operation">[]) => {
      const transaction = await kit.createTransaction({ transactions: calls.map((c) => ({ to: c.to, value: "0", data: c.data, operation: c.operation })) });
      const safeTxHash = (await kit.getTransactionHash(transaction)) as Hex;
      const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: safeTxHash })));
      const hash = await executeSafeTransaction({ kit, transaction, safeTxHash, signatures, executor, client: world.publicClient, transport: http(rpc.url) });
      return world.publicClient.getTransactionReceipt({ hash });
    };
    const current = { fallbackHandler: getAddress(await kit.getFallbackHandler()), moduleEnabled: await kit.isModuleEnabled(world.module) };
    await execute(buildSafeSetupCalls({ safe: world.safe, module: world.module, chainId: 137, fallbackHandler: world.handler, current }));

    const warden = await createWarden({
      wallet: createSafeSessionKeys({ dir: join(dir, "keys"), passphrase: "bench", scryptN: 16384 }),
      chainTransport: custom(connection.provider),
      config: {
        ...roomyRisk,
        chain_id: 137,
        log: { level: "silent" },
        store: { path: join(dir, "warden.db") },
        signing: { max_order_age_s: 3600, max_order_future_skew_s: 5, max_clob_auth_age_s: 300, max_amount_usd: 1_000_000_000 },
        wallet: { mode: "safe-module", safe: world.safe, module: world.module, rpc_url: "http://127.0.0.1:1", extensible_fallback_handler: world.handler, safe_contracts: world.safeContracts },
      } as never,
    });
    const samples: Record<"revoke" | "pause", { ms: number[]; blocks: number[] }> = { revoke: { ms: [], blocks: [] }, pause: { ms: [], blocks: [] } };
    try {
      for (let i = 0; i < rounds; i++)
        for (const kind of ["revoke", "pause"] as const) {
          const { session_id, credential, safe_transaction } = (await warden.requestSession({ strategy_id: `bench-${kind}-${i}`, method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
          await execute([safe_transaction as unknown as SafeTransaction]);
          const onchainId = (await warden.refreshSafeSession(session_id))!.onchainSessionId as Hex;
          const account = toSessionAccount({ warden, credential, strategyId: `bench-${kind}-${i}` });
          const builder = new OrderBuilder(createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") }), 137, SignatureTypeV2.POLY_1271, world.safe);
          const sign = () => builder.buildOrder({ tokenID: FIXTURE_TOKEN, price: 0.4, size: 10, side: Side.BUY }, { tickSize: "0.01", negRisk: false }, 2);
          await sign(); // signs while active
          const receipt = await execute([
            kind === "revoke" ? encodeRevokeSession({ module: world.module, sessionId: onchainId }) : { to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSession", args: [world.safe, onchainId] }), operation: 0 },
          ]);
          const minedAt = performance.now();
          for (;;) {
            try {
              await sign();
            } catch (e) {
              if (!(e instanceof SigningDeniedError)) throw e;
              break;
            }
            if (performance.now() - minedAt > 30_000) throw new Error(`${kind}: still signing 30 s after the transaction was mined`);
            await new Promise((r) => setTimeout(r, 5));
          }
          samples[kind].ms.push(performance.now() - minedAt);
          samples[kind].blocks.push(Number((await world.publicClient.getBlockNumber()) - receipt.blockNumber));
        }
    } finally {
      await warden.close();
    }
    const rows: Record<string, Stats> = {};
    const notes: Record<string, unknown> = { rounds, poll_interval_s: 4, events_interval_s: 1 };
    for (const kind of ["revoke", "pause"] as const) {
      const ms = [...samples[kind].ms].sort((a, b) => a - b);
      rows[`safe_onchain_${kind}_to_denial`] = { p50_us: round1(quantile(ms, 0.5) * 1000), p99_us: round1(quantile(ms, 0.99) * 1000), ops_per_s: round1(1000 / (ms.reduce((a, b) => a + b, 0) / ms.length)) };
      notes[`${kind}_to_denial_ms`] = { p50: round1(quantile(ms, 0.5)), max: round1(ms[ms.length - 1] ?? 0) };
      notes[`${kind}_blocks_mined_before_denial_max`] = Math.max(...samples[kind].blocks);
    }
    return { rows, notes };
  } finally {
    await rpc.close();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
