import type { Logger } from "pino";
import { type Transport, createPublicClient, getAddress, http } from "viem";
import type Safe from "@safe-global/protocol-kit";
import { createSafeModuleWallet } from "../chain/createSafeModuleWallet";
import { createSafeSessionActivations } from "../chain/createSafeSessionActivations";
import { createSafeSessionAdmin } from "../chain/createSafeSessionAdmin";
import { openSafeKit } from "../chain/openSafeKit";
import { safeContractNetworks } from "../chain/safeContractNetworks";
import type { WalletConfig } from "../config/walletConfigSchema";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import type { Wallet } from "../signer/wallets/Wallet";
import type { SafeSessionAdmin } from "../chain/createSafeSessionAdmin";

/** Parameters of {@link openSafeModuleWallet}. */
export type OpenSafeModuleWalletParameters = {
  config: { chain_id: 137 | 80002; wallet: Extract<WalletConfig, { mode: "safe-module" }> };
  keys: SafeSessionKeys;
  logger: Logger;
  now: () => number;
  /** Read the chain through this instead of `wallet.rpc_url` (tests). */
  transport?: Transport;
};

/**
 * Opens `safe-module` mode: the wallet port signing with each session's key, the tracker reading
 * the sessions' grants back from the module every `wallet.poll_interval_s` (started here; a session
 * is followed once it is issued), and the admin building grants and revocations with protocol-kit
 * (opened on first use, so an unreachable RPC at start fails no start: nothing is signed until a
 * grant is read back).
 *
 * @param parameters - Config, key store, logger, clock, optional transport.
 * @returns The wallet, its close, and the sessions' chain side.
 * @example
 * const { wallet, safeSessions, close } = openSafeModuleWallet({ config, keys, logger, now: Date.now });
 */
export function openSafeModuleWallet({ config, keys, logger, now, transport }: OpenSafeModuleWalletParameters): { wallet: Wallet; safeSessions: SafeSessionAdmin; close(): Promise<void> } {
  const w = config.wallet;
  const safe = getAddress(w.safe);
  const module = getAddress(w.module);
  const log = logger.child({ component: "safe-module" });
  const client = createPublicClient({ transport: transport ?? http(w.rpc_url, { timeout: Math.min(10_000, w.poll_interval_s * 1000), retryCount: 0 }) });
  const activations = createSafeSessionActivations({ client, module, safe, chainId: config.chain_id, pollIntervalMs: w.poll_interval_s * 1000, maxStalenessMs: w.max_staleness_s * 1000, now, logger: log, reorgDepth: w.reorg_depth_blocks, ...(w.max_head_age_s === undefined ? {} : { maxHeadAgeMs: w.max_head_age_s * 1000 }) });
  let kit: Promise<Safe> | null = null;
  const openKit = () => {
    kit ??= openSafeKit({
      safe,
      provider: transport ? { request: transport({ retryCount: 0 }).request as never } : w.rpc_url,
      ...(w.safe_contracts ? { contractNetworks: safeContractNetworks({ chainId: config.chain_id, contracts: w.safe_contracts }) } : {}),
    }).catch((e: unknown) => {
      kit = null;
      throw e;
    });
    return kit;
  };
  const safeSessions = createSafeSessionAdmin({ safe, module, chainId: config.chain_id, maxOrderAgeSec: w.max_order_age_s, keys, activations, client, kit: openKit, now });
  const wallet = createSafeModuleWallet({ safe, module, chainId: config.chain_id, keys, activation: (id) => activations.activation(id) });
  activations.start();
  log.info({ safe, module }, "safe-module mode: signing with per-session keys the Safe's owners grant on-chain");
  return { wallet, safeSessions, close: () => activations.stop() };
}
