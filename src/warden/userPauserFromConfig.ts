import { getAddress } from "viem";
import { type UserPauser, createUserPauser } from "../chain/createUserPauser";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { knownExchanges } from "../core/polymarket/exchanges";
import { ConfigError } from "../errors/ConfigError";
import { toUserPauseAccount } from "../signer/toUserPauseAccount";
import type { Wallet } from "../signer/wallets/Wallet";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import { WalletKey } from "../signer/WalletKey";

/**
 * The exchange pauser the configuration describes (`kill_switch.pause_user`), or null when off:
 * `pauseUser()` / `unpauseUser()` from the wallet to every configured exchange (default: the known
 * exchanges of `chain_id`), over `rpc_url`, on `pause_user.chain_id` (default `chain_id`). Only the
 * `eoa` mode can send them: the maker must be the caller, and only there does Warden hold the
 * maker's key.
 *
 * @param config - The validated configuration.
 * @param wallet - What createWarden was given: the eoa key, or another wallet port.
 * @param now - Clock in unix ms.
 * @returns The pauser, or null.
 * @throws {ConfigError} when pause_user is configured for a wallet whose key Warden does not hold.
 * @example
 * const pauser = userPauserFromConfig(config, walletKey, Date.now);
 */
export function userPauserFromConfig(config: Pick<WardenConfig, "kill_switch" | "chain_id">, wallet: WalletKey | Wallet | SafeSessionKeys, now: () => number): UserPauser | null {
  const c = config.kill_switch.pause_user;
  if (!c) return null;
  if (!(wallet instanceof WalletKey))
    throw new ConfigError({
      subject: "kill_switch.pause_user",
      problems: "✖ kill_switch.pause_user sends pauseUser() from the wallet and needs the eoa wallet's key; remove it for this wallet mode (deposit wallets: the owner pauses from the wallet)",
    });
  const exchanges = (c.exchanges ?? knownExchanges[config.chain_id].map((e) => e.address)).map((a) => getAddress(a.toLowerCase()));
  return createUserPauser({
    rpcUrl: c.rpc_url,
    chainId: c.chain_id ?? config.chain_id,
    exchanges,
    account: toUserPauseAccount({ key: wallet, exchanges }),
    timeoutMs: c.timeout_ms,
    now,
  });
}
