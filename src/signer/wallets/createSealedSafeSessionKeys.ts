import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import type { KeySealer } from "../createKeySealer";
import { WalletKey } from "../WalletKey";
import type { SafeSessionKeys } from "./SafeSessionKeys";
import type { SealedKeyStorage } from "./SealedKeyStorage";

/** Parameters of {@link createSealedSafeSessionKeys}. */
export type CreateSealedSafeSessionKeysParameters = {
  /** The shared store's sealed keys. */
  storage: SealedKeyStorage;
  /** Seals under the key-encryption key every instance is given. */
  sealer: KeySealer;
  chainId: number;
  /** The Safe whose sessions these are (bound into every blob). */
  safe: Address;
  /** Checks a session id (the same rule as the file store's). */
  checkId: (sessionId: string) => void;
};

const nameOf = (sessionId: string) => `safe-session:${sessionId}`;
const reused = () => new InvalidParameterError({ field: "sessionId", fix: "This session already has a session key; a session key is never reused or replaced." });

/**
 * The Safe-module session keys of several instances: each key sealed (createKeySealer) in the
 * shared store under `safe-session:<id>`, and held in this instance's memory. The signing path
 * stays synchronous and makes no network call: `create` returns the key at once and seals it in
 * the background (await `durable` before the key's address goes into a grant), `get` answers from
 * memory (a miss starts loading it, so a key created on another instance is found by `load` or by
 * the next `get`), `destroy` forgets it and deletes it from the store, so no instance can load it
 * again. `load` always asks the store: a key destroyed elsewhere is forgotten here too.
 *
 * @param parameters - Storage, sealer, chain, Safe, id check.
 * @returns The key store ({@link SafeSessionKeys}).
 * @example
 * const keys = createSealedSafeSessionKeys({ storage: store, sealer, chainId: 137, safe, checkId })
 * const key = keys.create("ses_1"); await keys.durable("ses_1")
 */
export function createSealedSafeSessionKeys({ storage, sealer, chainId, safe, checkId }: CreateSealedSafeSessionKeysParameters): SafeSessionKeys {
  const open = new Map<string, WalletKey>();
  /** The create or destroy of a session's key on its way to the store. */
  const writes = new Map<string, Promise<void>>();
  /** Loads in flight, and a count of destroys per session so a load that started before one does not bring the key back. */
  const loads = new Map<string, Promise<WalletKey | null>>();
  const destroyed = new Map<string, number>();
  const context = (sessionId: string) => ({ chainId, wallet: safe, name: nameOf(sessionId) });

  const track = (sessionId: string, write: Promise<void>) => {
    writes.set(sessionId, write);
    // Nobody may await it: a failure is already handled (the key forgotten); durable() reports it.
    write.catch(() => undefined);
  };

  const load = (sessionId: string): Promise<WalletKey | null> => {
    checkId(sessionId);
    const inFlight = loads.get(sessionId);
    if (inFlight) return inFlight;
    const epoch = destroyed.get(sessionId) ?? 0;
    const loading = (async () => {
      // A key this instance is still sealing is not in the store yet: wait for it.
      await writes.get(sessionId)?.catch(() => undefined);
      const blob = await storage.getSealedKey(nameOf(sessionId));
      if ((destroyed.get(sessionId) ?? 0) !== epoch) return null;
      if (blob === undefined) {
        open.delete(sessionId);
        return null;
      }
      const key = sealer.open(blob, context(sessionId));
      open.set(sessionId, key);
      return key;
    })().finally(() => loads.delete(sessionId));
    loads.set(sessionId, loading);
    return loading;
  };

  return {
    create(sessionId) {
      checkId(sessionId);
      if (open.has(sessionId) || writes.has(sessionId)) throw reused();
      const key = WalletKey.generate();
      const blob = sealer.seal(key, context(sessionId));
      open.set(sessionId, key);
      track(
        sessionId,
        storage.putSealedKey(nameOf(sessionId), blob).then(
          (winner) => {
            if (winner === blob) return;
            // Another instance holds a key for this session: this one never signs.
            if (open.get(sessionId) === key) open.delete(sessionId);
            throw reused();
          },
          (cause: unknown) => {
            if (open.get(sessionId) === key) open.delete(sessionId);
            throw cause;
          },
        ),
      );
      return key;
    },
    get(sessionId) {
      checkId(sessionId);
      const held = open.get(sessionId);
      if (held) return held;
      load(sessionId).catch(() => undefined);
      return null;
    },
    destroy(sessionId) {
      checkId(sessionId);
      open.delete(sessionId);
      destroyed.set(sessionId, (destroyed.get(sessionId) ?? 0) + 1);
      const before = writes.get(sessionId)?.catch(() => undefined) ?? Promise.resolve();
      track(
        sessionId,
        before.then(() => storage.deleteSealedKey(nameOf(sessionId))),
      );
    },
    load,
    async durable(sessionId) {
      checkId(sessionId);
      await writes.get(sessionId);
    },
  };
}
