import type { Logger } from "pino";
import { type Address, getAddress } from "viem";
import type { KeySealer } from "../signer/createKeySealer";
import { WalletKey } from "../signer/WalletKey";
import type { Store } from "../store/Store";

/** The name the deposit wallet's session signer is sealed under in the shared store. */
export const DEPOSIT_WALLET_SIGNER_KEY = "deposit-wallet:session-signer";

/** Parameters of {@link openSharedSessionSigner}. */
export type OpenSharedSessionSignerParameters = {
  store: Pick<Store, "getSealedKey" | "putSealedKey">;
  sealer: KeySealer;
  chainId: number;
  /** The deposit wallet (the store's wallet). */
  wallet: Address;
  /** This machine's session-signer keystore, opened, or null when it has none: sealed as the shared signer when the store holds none yet. */
  localKey: () => WalletKey | null;
  logger: Pick<Logger, "info" | "warn">;
};

/** The shared session signer, and where it came from. */
export type OpenSharedSessionSignerReturnType = { key: WalletKey; source: "store" | "local_keystore" | "created" };

/**
 * The deposit wallet's session signer, one for every instance of a shared store: taken from the
 * store (sealed; opened with the key-encryption key) when it holds one; else this machine's
 * keystore's key, or a fresh one, sealed and put set-if-absent — so instances starting at once all
 * end with the first one put, and an instance that dies loses nothing. The plaintext key stays in
 * this process's memory.
 *
 * @param parameters - Store, sealer, chain and wallet, the local keystore, logger.
 * @returns The signer and its source.
 * @throws {ConfigError} when the stored signer does not open with this KEK.
 * @throws {StoreUnavailableError} when the store cannot be read or written.
 * @example
 * const { key } = await openSharedSessionSigner({ store, sealer, chainId: 137, wallet, localKey: () => null, logger })
 */
export async function openSharedSessionSigner({ store, sealer, chainId, wallet, localKey, logger }: OpenSharedSessionSignerParameters): Promise<OpenSharedSessionSignerReturnType> {
  const context = { chainId, wallet, name: DEPOSIT_WALLET_SIGNER_KEY };
  let source: OpenSharedSessionSignerReturnType["source"] = "store";
  let blob = await store.getSealedKey(DEPOSIT_WALLET_SIGNER_KEY);
  if (blob === undefined) {
    const local = localKey();
    const candidate = local ?? WalletKey.generate();
    const mine = sealer.seal(candidate, context);
    blob = await store.putSealedKey(DEPOSIT_WALLET_SIGNER_KEY, mine);
    if (blob === mine) source = local ? "local_keystore" : "created";
  }
  const key = sealer.open(blob, context);
  const signer = getAddress(key.address);
  if (source === "created") logger.info({ component: "deposit-wallet", session_signer: signer }, "new shared session signer, sealed in the store: the owner authorises it with warden deposit-wallet authorize");
  else if (source === "local_keystore") logger.info({ component: "deposit-wallet", session_signer: signer }, "sealed this machine's session signer in the store: every instance signs with it");
  else logger.info({ component: "deposit-wallet", session_signer: signer }, "took the shared session signer from the store");
  return { key, source };
}
