import { getAddress } from "viem";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { createKeySealer } from "../signer/createKeySealer";
import { type SafeSessionKeys, createSafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import type { Store } from "../store/Store";
import { readKeyEncryptionKey } from "./readKeyEncryptionKey";

/**
 * The session keys of `safe-module` mode as the configured store calls for: on the Redis store,
 * sealed in it under the key-encryption key (every instance signs for every session); on the
 * embedded store, one keystore file per session in `wallet.session_keys_dir` under
 * WARDEN_KEYSTORE_PASSPHRASE. `warden start` in safe-module mode calls this with the Warden's store.
 *
 * @param config - The validated config (wallet.mode `safe-module`).
 * @param store - The store the Warden runs on.
 * @param env - The environment (process.env).
 * @returns The session keys.
 * @throws {ConfigError} for another wallet mode, or a missing passphrase or key-encryption key.
 * @example
 * const keys = openSafeSessionKeys(config, warden.store, process.env)
 */
export function openSafeSessionKeys(config: WardenConfig, store: Store, env: NodeJS.ProcessEnv): SafeSessionKeys {
  const w = config.wallet;
  if (w.mode !== "safe-module") throw new ConfigError({ subject: "wallet", problems: `✖ Safe session keys are for wallet.mode "safe-module" (this config is ${w.mode})` });
  if (config.store.kind === "redis") {
    const kek = readKeyEncryptionKey(config, env);
    try {
      return createSafeSessionKeys({ storage: { store, sealer: createKeySealer({ kek }), chainId: config.chain_id, safe: getAddress(w.safe) } });
    } finally {
      kek.fill(0);
    }
  }
  const passphrase = env.WARDEN_KEYSTORE_PASSPHRASE;
  if (!passphrase) throw new ConfigError({ subject: "wallet", problems: `✖ set WARDEN_KEYSTORE_PASSPHRASE: it encrypts the session keys in ${w.session_keys_dir}` });
  return createSafeSessionKeys({ dir: w.session_keys_dir, passphrase });
}
