import { ConfigError } from "../errors/ConfigError";

/**
 * The error `warden start` (and `openWallet`) give for `wallet.mode: "safe-module"` until the
 * running proxy activates Safe sessions from the chain: the mode's wallet, key store and signature
 * format exist as a library (`createSafeModuleWallet`), but no running Warden serves it yet, and it
 * fails closed rather than sign for a session nobody checked on-chain.
 *
 * @returns The ConfigError naming the field and what to use instead.
 * @example
 * if (config.wallet.mode === "safe-module") throw safeModuleNotRunnable();
 */
export function safeModuleNotRunnable(): ConfigError {
  return new ConfigError({
    subject: "wallet",
    problems:
      '✖ wallet.mode "safe-module" cannot run a Warden yet: on-chain session activation is not wired into warden start (README "Safe-module mode"); use mode "eoa" or "deposit-wallet", or createSafeModuleWallet as a library',
  });
}
