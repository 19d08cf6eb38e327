import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import type { KeySealer } from "../createKeySealer";
import { decryptKeystore } from "../decryptKeystore";
import { encryptKeystore } from "../encryptKeystore";
import { WalletKey } from "../WalletKey";
import { createSealedSafeSessionKeys } from "./createSealedSafeSessionKeys";
import type { SafeSessionKeys } from "./SafeSessionKeys";
import type { SealedKeyStorage } from "./SealedKeyStorage";

export type { SafeSessionKeys } from "./SafeSessionKeys";

/** Parameters of {@link createSafeSessionKeys}: a directory of keystore files (the default), or a shared store. */
export type CreateSafeSessionKeysParameters = CreateFileSafeSessionKeysParameters | { storage: SharedSafeSessionKeyStorage };

/** The shared backend: the keys sealed in the store every instance opens (the Redis store). */
export type SharedSafeSessionKeyStorage = {
  /** The store's sealed keys (a `Store` is one). */
  store: SealedKeyStorage;
  /** Seals under the key-encryption key every instance is given. */
  sealer: KeySealer;
  chainId: number;
  safe: Address;
};

/** The file backend: one keystore per session in `dir`. */
export type CreateFileSafeSessionKeysParameters = {
  /** Directory of the encrypted keys (created 0700; one keystore file per session, 0600). */
  dir: string;
  /** Passphrase of every session keystore (the same secret as the keystore's, e.g. WARDEN_KEYSTORE_PASSPHRASE). */
  passphrase: string;
  /** scrypt cost, as {@link encryptKeystore} (geth's 2^18 by default; tests 2^14). */
  scryptN?: number;
};

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The key store of `safe-module` mode: each Warden session gets its own fresh secp256k1 key,
 * encrypted at rest in Web3 Secret Storage v3 (scrypt + aes-128-ctr: the keystore's own code, so
 * geth or MetaMask could open it), held in memory only as a {@link WalletKey} (its bytes unreadable,
 * never logged), and deleted when the session is revoked. A key never leaves this store except as
 * signatures; only its address is public (it is the session key the Safe's owners grant on-chain).
 *
 * With `storage` (several instances on the Redis store), the keys are sealed in the shared store
 * instead, under the key-encryption key ({@link createSealedSafeSessionKeys}): created on one
 * instance, loaded on any, destroyed for all.
 *
 * @param parameters - Directory, passphrase, scrypt cost; or the shared storage.
 * @returns The store.
 * @example
 * const keys = createSafeSessionKeys({ dir: ".warden/safe-sessions", passphrase });
 * const key = keys.create("ses_1"); // key.address goes into grantSession
 * keys.destroy("ses_1");
 */
export function createSafeSessionKeys(parameters: CreateSafeSessionKeysParameters): SafeSessionKeys {
  if ("storage" in parameters) {
    const { store, sealer, chainId, safe } = parameters.storage;
    return createSealedSafeSessionKeys({ storage: store, sealer, chainId, safe, checkId });
  }
  const { dir, passphrase, scryptN } = parameters;
  const open = new Map<string, WalletKey>();
  const pathOf = (sessionId: string) => {
    checkId(sessionId);
    return join(dir, `${sessionId}.json`);
  };

  const keys: SafeSessionKeys = {
    create(sessionId) {
      const path = pathOf(sessionId);
      if (open.has(sessionId) || existsSync(path))
        throw new InvalidParameterError({ field: "sessionId", fix: "This session already has a session key; a session key is never reused or replaced." });
      const key = WalletKey.generate();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify(encryptKeystore({ key, passphrase, ...(scryptN ? { scryptN } : {}) })), { mode: 0o600, flag: "wx" });
      open.set(sessionId, key);
      return key;
    },
    get(sessionId) {
      const path = pathOf(sessionId);
      const held = open.get(sessionId);
      if (held) return held;
      if (!existsSync(path)) return null;
      const key = decryptKeystore({ keystore: readFileSync(path, "utf8"), passphrase });
      open.set(sessionId, key);
      return key;
    },
    destroy(sessionId) {
      const path = pathOf(sessionId);
      open.delete(sessionId);
      rmSync(path, { force: true });
    },
    // Files are written synchronously: nothing to wait for.
    load: async (sessionId) => keys.get(sessionId),
    durable: async (sessionId) => void pathOf(sessionId),
  };
  return keys;
}

function checkId(sessionId: string): void {
  if (!SESSION_ID.test(sessionId)) throw new InvalidParameterError({ field: "sessionId", fix: "Use a Warden session id: 1 to 128 letters, digits, _ or -." });
}
