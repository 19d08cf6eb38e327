import type { WalletKey } from "../WalletKey";

/** The session keys of a Safe in `safe-module` mode: one fresh key per Warden session. */
export type SafeSessionKeys = {
  /** Creates the session's key (refuses a session that has one), writes it encrypted (a shared store: seals it in the background, see `durable`), returns it. */
  create(sessionId: string): WalletKey;
  /** The session's key (from memory, else decrypted from its file; a shared store: from memory, a miss starts a `load`), or null when it has none. */
  get(sessionId: string): WalletKey | null;
  /** Forgets the key and deletes its file (a shared store: its sealed blob, for every instance) on revoke. Idempotent. */
  destroy(sessionId: string): void;
  /**
   * Reads the session's key from its storage into memory (after it, `get` returns it), or null
   * when it has none. A shared store is asked every time, so a key destroyed on another instance
   * is forgotten here.
   */
  load(sessionId: string): Promise<WalletKey | null>;
  /**
   * Resolves once this instance's last `create` or `destroy` of the session's key is durable in
   * its storage (files: at once); rejects when it failed, and a key whose sealing failed is
   * forgotten (it never signs). Await it before the key's address goes into a grant.
   */
  durable(sessionId: string): Promise<void>;
};
