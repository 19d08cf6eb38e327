import { getAddress } from "viem";
import { createGuardianPauser } from "../chain/createGuardianPauser";
import { type UserPauser, createUserPauser } from "../chain/createUserPauser";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { knownExchanges } from "../core/polymarket/exchanges";
import { ConfigError } from "../errors/ConfigError";
import { toGuardianAccount } from "../signer/toGuardianAccount";
import { toUserPauseAccount } from "../signer/toUserPauseAccount";
import type { Wallet } from "../signer/wallets/Wallet";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import { WalletKey } from "../signer/WalletKey";

const problem = (problems: string) => new ConfigError({ subject: "kill_switch.pause_user", problems });

/**
 * The exchange pauser the configuration describes (`kill_switch.pause_user`), or null when off.
 * `eoa` mode: `pauseUser()` / `unpauseUser()` from the wallet to every configured exchange
 * (default: the known exchanges of `chain_id`), over `rpc_url`, on `pause_user.chain_id` (default
 * `chain_id`) — the maker must be the caller, and only there does Warden hold the maker's key.
 * `safe-module` mode: the guardian key (`guardian`, opened from `pause_user.guardian_keystore`)
 * sends the module's `pauseSafe(safe, true)`, which pauses the Safe's sessions and, from the Safe,
 * the Safe on every known exchange; its address must be `wallet.guardian`. Lifting it stays with the
 * Safe. `deposit-wallet` mode: refused (the owner pauses from the wallet).
 *
 * @param config - The validated configuration.
 * @param wallet - What createWarden was given: the eoa key, or another wallet port.
 * @param now - Clock in unix ms.
 * @param guardian - safe-module mode: the guardian's key.
 * @returns The pauser, or null.
 * @throws {ConfigError} when pause_user is configured for a wallet whose key Warden does not hold, or without (or with the wrong) guardian key.
 * @example
 * const pauser = userPauserFromConfig(config, walletKey, Date.now);
 */
export function userPauserFromConfig(
  config: Pick<WardenConfig, "kill_switch" | "chain_id" | "wallet">,
  wallet: WalletKey | Wallet | SafeSessionKeys,
  now: () => number,
  guardian?: WalletKey,
): UserPauser | null {
  const c = config.kill_switch.pause_user;
  if (!c) return null;
  const chainId = c.chain_id ?? config.chain_id;
  const w = config.wallet;
  if (w.mode === "safe-module") {
    if (c.exchanges) throw problem("✖ kill_switch.pause_user.exchanges does not apply in safe-module mode: the module pauses the Safe on the exchanges it knows; remove it");
    if (!w.guardian) throw problem("✖ kill_switch.pause_user in safe-module mode needs wallet.guardian (the guardian address the Safe sets on the module with warden safe setup)");
    if (!guardian)
      throw problem("✖ kill_switch.pause_user in safe-module mode needs the guardian's key: set kill_switch.pause_user.guardian_keystore (passphrase in WARDEN_GUARDIAN_PASSPHRASE), or give createWarden `guardian`");
    if (getAddress(guardian.address) !== getAddress(w.guardian))
      throw problem(`✖ the guardian key opened is ${getAddress(guardian.address)}, but wallet.guardian is ${getAddress(w.guardian)}: open the guardian's keystore, or correct wallet.guardian`);
    const safe = getAddress(w.safe);
    const module = getAddress(w.module);
    return createGuardianPauser({
      rpcUrl: c.rpc_url,
      chainId,
      safe,
      module,
      exchanges: knownExchanges[config.chain_id].map((e) => getAddress(e.address.toLowerCase())),
      account: toGuardianAccount({ key: guardian, module, safe }),
      timeoutMs: c.timeout_ms,
      now,
    });
  }
  if (c.guardian_keystore !== undefined) throw problem("✖ kill_switch.pause_user.guardian_keystore is for safe-module mode only; remove it");
  if (!(wallet instanceof WalletKey))
    throw problem("✖ kill_switch.pause_user sends pauseUser() from the wallet and needs the eoa wallet's key; remove it for this wallet mode (deposit wallets: the owner pauses from the wallet)");
  const exchanges = (c.exchanges ?? knownExchanges[config.chain_id].map((e) => e.address)).map((a) => getAddress(a.toLowerCase()));
  return createUserPauser({
    rpcUrl: c.rpc_url,
    chainId,
    exchanges,
    account: toUserPauseAccount({ key: wallet, exchanges }),
    timeoutMs: c.timeout_ms,
    now,
  });
}
