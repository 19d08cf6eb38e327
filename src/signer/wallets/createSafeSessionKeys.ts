import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import { decryptKeystore } from "../decryptKeystore";
import { encryptKeystore } from "../encryptKeystore";
import { WalletKey } from "../WalletKey";

/** Parameters of {@link createSafeSessionKeys}. */
export type CreateSafeSessionKeysParameters = {
  /** Directory of the encrypted keys (created 0700; one keystore file per session, 0600). */
  dir: string;
  /** Passphrase of every session keystore (the same secret as the keystore's, e.g. WARDEN_KEYSTORE_PASSPHRASE). */
  passphrase: string;
  /** scrypt cost, as {@link encryptKeystore} (geth's 2^18 by default; tests 2^14). */
  scryptN?: number;
};

/** The session keys of a Safe in `safe-module` mode: one fresh key per Warden session. */
export type SafeSessionKeys = {
  /** Creates the session's key (refuses a session that has one), writes it encrypted, returns it. */
  create(sessionId: string): WalletKey;
  /** The session's key (from memory, else decrypted from its file), or null when it has none. */
  get(sessionId: string): WalletKey | null;
  /** Forgets the key and deletes its file (on revoke). Idempotent. */
  destroy(sessionId: string): void;
};

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The key store of `safe-module` mode: each Warden session gets its own fresh secp256k1 key,
 * encrypted at rest in Web3 Secret Storage v3 (scrypt + aes-128-ctr: the keystore's own code, so
 * geth or MetaMask could open it), held in memory only as a {@link WalletKey} (its bytes unreadable,
 * never logged), and deleted when the session is revoked. A key never leaves this store except as
 * signatures; only its address is public (it is the session key the Safe's owners grant on-chain).
 *
 * @param parameters - Directory, passphrase, scrypt cost.
 * @returns The store.
 * @example
 * const keys = createSafeSessionKeys({ dir: ".warden/safe-sessions", passphrase });
 * const key = keys.create("ses_1"); // key.address goes into grantSession
 * keys.destroy("ses_1");
 */
export function createSafeSessionKeys({ dir, passphrase, scryptN }: CreateSafeSessionKeysParameters): SafeSessionKeys {
  const open = new Map<string, WalletKey>();
  const pathOf = (sessionId: string) => {
    if (!SESSION_ID.test(sessionId))
      throw new InvalidParameterError({ field: "sessionId", fix: "Use a Warden session id: 1 to 128 letters, digits, _ or -." });
    return join(dir, `${sessionId}.json`);
  };

  return {
    create(sessionId) {
      const path = pathOf(sessionId);
      if (open.has(sessionId) || existsSync(path))
        throw new InvalidParameterError({ field: "sessionId", fix: "This session already has a session key; a session key is never reused or replaced." });
      const secret = randomBytes(32);
      let key: WalletKey;
      try {
        key = WalletKey.fromBytes(secret);
      } finally {
        secret.fill(0);
      }
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
  };
}
