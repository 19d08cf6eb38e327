import type { Address, Hex } from "viem";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import { type WardenSessionGrant, encodeGrantSession } from "./encodeGrantSession";
import type { SafeTransaction } from "./SafeTransaction";
import { wardenSessionId } from "./wardenSessionId";

/** Parameters of {@link prepareSafeSessionGrant}. */
export type PrepareSafeSessionGrantParameters = {
  /** The safe-module key store: the session's fresh key is created here. */
  keys: SafeSessionKeys;
  /** Warden's session id (names the key file). */
  sessionId: string;
  chainId: number;
  module: Address;
  safe: Address;
  /** The module's `grantNonce(safe)` now: the grant's on-chain id hashes it. */
  grantNonce: bigint;
  /** The on-chain scope: everything of the grant but the key, which Warden creates. */
  scope: Omit<WardenSessionGrant, "key">;
};

/** What the owners approve, and what Warden checks once it is on-chain. */
export type PrepareSafeSessionGrantReturnType = {
  /** The id the module will give the grant (if no other grant of this Safe is mined first). */
  onchainSessionId: Hex;
  /** The full grant, the session's key included (compare it with {@link readSafeSessionActivation}). */
  grant: WardenSessionGrant;
  /** The Safe transaction `WardenModule.grantSession(grant)` for the owners (one approval at the Safe's threshold). */
  transaction: SafeTransaction;
};

/**
 * Starts a Safe session: creates the session's fresh key (encrypted at rest), builds the grant with
 * that key and the on-chain scope, and the one Safe transaction the owners approve. Warden signs
 * nothing for the session until {@link readSafeSessionActivation} finds this grant on-chain as built.
 *
 * @param parameters - Key store, session id, chain, module, Safe, grant nonce and scope.
 * @returns The on-chain session id, the grant and the Safe transaction.
 * @example
 * const { transaction, grant, onchainSessionId } = prepareSafeSessionGrant({ keys, sessionId, chainId: 137, module, safe, grantNonce, scope });
 */
export function prepareSafeSessionGrant({ keys, sessionId, chainId, module, safe, grantNonce, scope }: PrepareSafeSessionGrantParameters): PrepareSafeSessionGrantReturnType {
  const key = keys.create(sessionId);
  const grant: WardenSessionGrant = { ...scope, key: key.address };
  return { onchainSessionId: wardenSessionId({ chainId, module, safe, grantNonce }), grant, transaction: encodeGrantSession({ module, grant }) };
}
