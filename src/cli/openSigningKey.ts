import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { getAddress } from "viem";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { createKeySealer } from "../signer/createKeySealer";
import type { WalletKey } from "../signer/WalletKey";
import { createStore } from "../store/createStore";
import type { Store } from "../store/Store";
import { openSharedSessionSigner } from "../warden/openSharedSessionSigner";
import type { SafeSessionKeys } from "../signer/wallets/SafeSessionKeys";
import { keystorePath, loadKey, openLocalSafeSessionKeys } from "./cliKeystore";
import { openSafeSessionKeys } from "./openSafeSessionKeys";
import { readKeyEncryptionKey } from "./readKeyEncryptionKey";

/** The key Warden signs with, and the store it was read from (give it to createWarden, which closes it). */
export type OpenSigningKeyReturnType = { key: WalletKey | SafeSessionKeys; store?: Store };

/**
 * The key the configured mode signs with. `safe-module`: the sessions' key store (on the Redis
 * store sealed in it, see {@link openSafeSessionKeys}; else one keystore per session). `deposit-wallet` on the Redis store: the session signer
 * every instance shares, sealed in the store under the key-encryption key (see
 * {@link openSharedSessionSigner}); the store stays open for the Warden. Otherwise the local
 * keystore, as {@link loadKey} opens it (eoa: every instance opens the same wallet keystore).
 *
 * @param config - The validated config.
 * @param note - Where notes go (keystore creation).
 * @param logger - Where the store's and the signer's messages go.
 * @returns The key, and the store when one was opened.
 * @throws {ConfigError} for a missing or wrong key-encryption key, or an unopenable keystore.
 * @example
 * const { key, store } = await openSigningKey(config, info, logger); await createWarden({ wallet: key, config, logger, ...(store ? { store } : {}) })
 */
export async function openSigningKey(config: WardenConfig, note: (msg: string) => void, logger: Pick<Logger, "info" | "warn" | "error">): Promise<OpenSigningKeyReturnType> {
  if (config.wallet.mode === "safe-module") {
    // The embedded store: one keystore file per session (a development passphrase on a first run).
    if (config.store.kind !== "redis") return { key: openLocalSafeSessionKeys(config, note) };
    // The Redis store: the keys sealed in it under the key-encryption key, for every instance.
    const store = await createStore(config.store, { chainId: config.chain_id, wallet: getAddress(config.wallet.safe), logger });
    try {
      return { key: openSafeSessionKeys(config, store, process.env), store };
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  if (config.wallet.mode !== "deposit-wallet" || config.store.kind !== "redis") return { key: loadKey(config, note) };
  const kek = readKeyEncryptionKey(config, process.env);
  let sealer;
  try {
    sealer = createKeySealer({ kek });
  } finally {
    kek.fill(0);
  }
  const wallet = getAddress(config.wallet.deposit_wallet);
  const store = await createStore(config.store, { chainId: config.chain_id, wallet, logger });
  try {
    const local = () => (existsSync(keystorePath(config).path) ? loadKey(config, note, { create: false }) : null);
    const { key } = await openSharedSessionSigner({ store, sealer, chainId: config.chain_id, wallet, localKey: local, logger });
    return { key, store };
  } catch (e) {
    await store.close();
    throw e;
  }
}
