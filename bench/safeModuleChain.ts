// The Safe side of `npm run bench`'s safe-module rows: a chain-137 Hardhat network in this process
// with a real 2-of-3 Safe 1.5.0, set up by the batch `warden safe setup` builds, and what executes
// the Safe transactions Warden returns (a grant) with two owners' signatures.
import { network } from "hardhat";
import { type Address, type Hex, custom, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildSafeSetupCalls } from "../src/chain/buildSafeSetupCalls";
import { executeSafeTransaction } from "../src/chain/executeSafeTransaction";
import { openSafeKit } from "../src/chain/openSafeKit";
import { type SafeTransactionView, safeTransactionView } from "../src/chain/safeTransactionView";
import { toSafeExecutorAccount } from "../src/signer/toSafeExecutorAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { safeSetupChain } from "../test/safe/safeSetupChain";

/**
 * Deploys the Safe world of test/safe/safeSetupChain (exchange stand-ins, pUSD and CTF stand-ins at
 * Polymarket's addresses, the Warden module, Safe 1.5.0 contracts, a fresh 2-of-3 Safe) and runs
 * `warden safe setup`'s batch through protocol-kit, so the module is enabled, the fallback handler
 * set and the module the domain verifier of the three exchanges.
 *
 * @returns The Safe, its `safe-module` wallet config (read through `provider`), `execute` for the
 * Safe transactions Warden builds, the exchange stand-ins, and `close`.
 * @example
 * const chain = await safeModuleBenchChain();
 * await chain.execute(request.safe_session.safe_transaction);
 */
export async function safeModuleBenchChain() {
  const connection = await network.connect({ override: { chainId: 137 } });
  const { provider } = connection;
  const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const w = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
  const executorKey = generatePrivateKey();
  await provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
  const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe: w.safe });
  const transport = custom(provider);
  const kit = () => openSafeKit({ safe: w.safe, provider: { request: transport({ retryCount: 0 }).request as never }, contractNetworks: w.contractNetworks });

  /** Two of the three owners sign the view's hash; protocol-kit rebuilds the transaction; the executor relays it. */
  const execute = async (view: SafeTransactionView): Promise<Hex> => {
    const k = await kit();
    const transaction = await k.createTransaction({ transactions: [{ to: view.to, value: view.value, data: view.data, operation: view.operation }], options: { nonce: view.nonce } });
    const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: view.safe_tx_hash })));
    return executeSafeTransaction({ kit: k, transaction, safeTxHash: view.safe_tx_hash, signatures, executor, client: w.publicClient, transport });
  };

  const k = await kit();
  const current = { fallbackHandler: getAddress(await k.getFallbackHandler()), moduleEnabled: await k.isModuleEnabled(w.module) };
  const calls = buildSafeSetupCalls({ safe: w.safe, module: w.module, chainId: 137, fallbackHandler: w.handler, current });
  await execute((await safeTransactionView({ kit: k, calls, name: "bench setup", nowMs: Date.now() })).view);

  const wallet = {
    mode: "safe-module" as const,
    safe: w.safe,
    module: w.module,
    // Never dialled: Warden reads the chain through `provider` (createWarden's chainTransport).
    rpc_url: "http://127.0.0.1:1",
    extensible_fallback_handler: w.handler,
    safe_contracts: w.safeContracts as { safe_singleton: Address; safe_proxy_factory: Address; multi_send_call_only: Address },
  };
  return { provider, safe: w.safe, exchanges: w.exchanges, wallet, execute, close: () => connection.close() };
}

export type SafeModuleBenchChain = Awaited<ReturnType<typeof safeModuleBenchChain>>;
