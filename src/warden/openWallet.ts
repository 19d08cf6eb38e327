import type { Logger } from "pino";
import { type Transport, createPublicClient, getAddress, http } from "viem";
import { depositWalletAbi } from "../chain/depositWalletAbi";
import { depositWalletAddresses } from "../chain/depositWalletAddresses";
import { depositWalletAuthorizationWatcher } from "../chain/depositWalletAuthorizationWatcher";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import type { OrderHasher } from "../signer/createOrderHasher";
import { createDepositWallet } from "../signer/wallets/createDepositWallet";
import { createEoaWallet } from "../signer/wallets/createEoaWallet";
import type { Wallet } from "../signer/wallets/Wallet";
import { WalletKey } from "../signer/WalletKey";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import type { SafeSessionAdmin } from "../chain/createSafeSessionAdmin";
import { openSafeModuleWallet } from "./openSafeModuleWallet";

/** Parameters of {@link openWallet}. */
export type OpenWalletParameters = {
  config: Pick<WardenConfig, "chain_id" | "wallet">;
  /** The wallet key (`eoa`) or Warden's session-signer key (`deposit-wallet`); `safe-module`: the sessions' key store. */
  key: WalletKey | SafeSessionKeys;
  hasher: OrderHasher;
  logger: Logger;
  now: () => number;
  /** `deposit-wallet`, `safe-module`: read the chain through this instead of `wallet.rpc_url` (tests). */
  transport?: Transport;
};

/** An open wallet and what stops the work that keeps it fresh (`safe-module`: and its sessions' chain side). */
export type OpenWalletReturnType = { wallet: Wallet; close(): Promise<void>; safeSessions?: SafeSessionAdmin };

/**
 * Opens the wallet the configuration names. `eoa`: the key is the wallet. `deposit-wallet`: checks
 * that `wallet.deposit_wallet` is the owner's wallet by the factory's derivation (beacon or UUPS),
 * that the key is not the owner's and (when the chain answers) that the owner still owns it, reads
 * the session signer's authorisation once, then keeps
 * it fresh in the background; an unreachable RPC at start is logged and fails closed (nothing is
 * signed until a read succeeds).
 *
 * @param parameters - Config, key, hasher, logger, clock.
 * @returns The wallet port and its `close`.
 * @throws {ConfigError} when the deposit wallet is not the owner's (by derivation or on-chain), or the key is the owner's.
 * @example
 * const { wallet, close } = await openWallet({ config, key, hasher, logger, now: Date.now });
 */
export async function openWallet({ config, key, hasher, logger, now, transport }: OpenWalletParameters): Promise<OpenWalletReturnType> {
  const w = config.wallet;
  if (w.mode === "safe-module") {
    if (key instanceof WalletKey) throw new ConfigError({ subject: "wallet", problems: "✖ wallet.mode safe-module signs with per-session keys: open them with createSafeSessionKeys({ dir: wallet.session_keys_dir, passphrase })" });
    return openSafeModuleWallet({ config: { chain_id: config.chain_id, wallet: w }, keys: key, logger, now, ...(transport ? { transport } : {}) });
  }
  if (!(key instanceof WalletKey))
    throw new ConfigError({ subject: "wallet", problems: `✖ wallet.mode ${w.mode} signs with one key: give its keystore, not a session key store` });
  if (w.mode === "eoa") return { wallet: createEoaWallet(key), close: async () => {} };

  const owner = w.owner.toLowerCase();
  const depositWallet = w.deposit_wallet.toLowerCase();
  const derived = depositWalletAddresses({ owner: w.owner });
  if (depositWallet !== derived.beacon && depositWallet !== derived.uups)
    throw new ConfigError({
      subject: "wallet",
      problems: `✖ wallet.deposit_wallet ${getAddress(depositWallet)} is not the deposit wallet of wallet.owner ${getAddress(owner)}: the factory derives ${getAddress(derived.beacon)} (beacon) or ${getAddress(derived.uups)} (UUPS); fix wallet.owner or wallet.deposit_wallet`,
    });
  if (key.address === owner)
    throw new ConfigError({
      subject: "wallet",
      problems: `✖ ${w.session_keystore_path} holds the owner's key; Warden holds only a session signer: move the owner key out and let Warden create a new session-signer keystore`,
    });

  const client = createPublicClient({ transport: transport ?? http(w.rpc_url, { timeout: Math.min(10_000, w.poll_interval_s * 1000), retryCount: 0 }) });
  const log = logger.child({ component: "deposit-wallet" });
  const watcher = depositWalletAuthorizationWatcher({
    client,
    depositWallet: getAddress(depositWallet),
    sessionSigner: getAddress(key.address),
    pollIntervalMs: w.poll_interval_s * 1000,
    now,
    logger: log,
  });
  // The owner grants Warden's sessions: after an on-chain ownership handover that is someone else.
  const onChainOwner = await client.readContract({ address: getAddress(depositWallet), abi: depositWalletAbi, functionName: "owner" }).catch(() => null);
  if (onChainOwner === null) log.warn({ deposit_wallet: getAddress(depositWallet) }, "cannot read the deposit wallet's owner (RPC down or wallet not deployed yet)");
  else if (onChainOwner.toLowerCase() !== owner)
    throw new ConfigError({ subject: "wallet", problems: `✖ wallet.owner ${getAddress(owner)} no longer owns ${getAddress(depositWallet)}: its owner is ${onChainOwner}; set wallet.owner to it` });
  await watcher.refreshNow();
  watcher.start();
  log.info({ deposit_wallet: getAddress(depositWallet), session_signer: getAddress(key.address) }, "deposit-wallet mode: signing as the wallet's session signer");
  const wallet = createDepositWallet({
    sessionKey: key,
    depositWallet: getAddress(depositWallet),
    owner: getAddress(owner),
    chainId: config.chain_id,
    hasher,
    authorization: watcher.current,
    maxStalenessMs: w.max_staleness_s * 1000,
    now,
  });
  return { wallet, close: () => watcher.stop() };
}
