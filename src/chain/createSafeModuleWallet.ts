import { type Address, type Hex, getAddress } from "viem";
import { createSessionOrderHasher } from "./createSessionOrderHasher";
import { encodeWardenOrderSignature } from "./encodeWardenOrderSignature";
import { createOrderHasher } from "../signer/createOrderHasher";
import { WalletNotReadyError } from "../errors/WalletNotReadyError";
import type { Wallet, WalletReadiness, WalletSessionContext } from "../signer/wallets/Wallet";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";

/** What Warden knows of a session's on-chain grant. */
export type SafeSessionActivation =
  /** The grant is on the module and its scope, read back, equals the off-chain one. */
  | { active: true; onchainSessionId: Hex }
  /** Not (or no longer) signable: `pending` (grant not executed yet), `mismatch`, `revoked`, `paused` (on-chain, `fields` says what), `expired`, `stale` (the chain could not be read lately). */
  | { active: false; problem: "pending" | "mismatch" | "revoked" | "paused" | "expired" | "stale"; onchainSessionId?: Hex; fields?: string[] };

/** Parameters of {@link createSafeModuleWallet}. */
export type CreateSafeModuleWalletParameters = {
  /** The Safe (maker and signer of its orders). */
  safe: Address;
  /** The Warden module the Safe enabled and registered as domain verifier. */
  module: Address;
  chainId: number;
  /** The sessions' keys (one per Warden session). */
  keys: SafeSessionKeys;
  /** The activation state of a Warden session (null: Warden knows no grant for it). */
  activation: (sessionId: string) => SafeSessionActivation | null;
};

/**
 * The `safe-module` mode (signature type 3, `POLY_1271`): the Safe's owners keep their keys and
 * Warden signs each session's orders with that session's own key, as the Warden module verifies
 * through Safe → ExtensibleFallbackHandler → module. Orders arrive as clob-client-v2's ERC-7739
 * `TypedDataSign` envelope (`expects.orderDocument`) with maker = signer = the Safe; the session key
 * signs `SessionOrder(onchainSessionId, orderHash)` under the module's domain and the returned
 * bytes are the handler's `safeSignature` form (the "inner signature" the client appends its
 * trailer to; the handler's abi decoding ignores the trailer). Nothing is signed for a session
 * whose grant is not active on-chain (`readiness`; `signIntent` refuses again) or whose key is
 * gone. ClobAuth (when the session was granted `ClobAuth.sign`) is signed by the session's key for
 * its own address, as @polymarket/client signs a deposit wallet's L1 auth with its signing EOA —
 * whether the CLOB accepts that API key for a Safe maker's orders is unconfirmed (README); it too
 * needs the session's grant active on-chain.
 *
 * @param parameters - Safe, module, chain, keys and the activation reader.
 * @returns The wallet port.
 * @example
 * const wallet = createSafeModuleWallet({ safe, module, chainId: 137, keys, activation: (id) => activations.get(id) ?? null });
 */
export function createSafeModuleWallet({ safe, module, chainId, keys, activation }: CreateSafeModuleWalletParameters): Wallet {
  const own = safe.toLowerCase() as Address;
  // Both domains fixed per wallet, hashed once: the session-order digest and the exchanges' separators.
  const hashSessionOrder = createSessionOrderHasher({ module, chainId });
  const exchanges = createOrderHasher({ chainId });

  const readiness = (_nowMs: number, session?: WalletSessionContext): WalletReadiness => {
    if (!session) return { ready: false, reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem: "no_session" } };
    const state = activation(session.sessionId);
    if (!state) return { ready: false, reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem: "no_grant" } };
    if (!state.active) return { ready: false, reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem: state.problem, ...(state.fields ? { fields: state.fields } : {}) } };
    return { ready: true, evidence: { onchain_session_id: state.onchainSessionId } };
  };

  return {
    address: getAddress(own),
    expects: { maker: own, signer: own, clobAuthAddress: own, signatureType: 3, orderDocument: "TypedDataSign" },
    readiness,
    clobAuthAddressOf: (sessionId) => (keys.get(sessionId)?.address.toLowerCase() as Address | undefined) ?? null,
    signIntent(intent, session) {
      const state = activation(session?.sessionId ?? "");
      if (!session || !state?.active)
        throw new WalletNotReadyError({ reasonCode: "WALLET_SAFE_SESSION_NOT_ACTIVE", details: { problem: state && !state.active ? state.problem : "no_grant" } });
      const key = keys.get(session.sessionId);
      if (!key) throw new WalletNotReadyError({ reasonCode: "WALLET_SAFE_SESSION_NOT_ACTIVE", details: { problem: "no_session_key" } });
      if (intent.kind === "clob_auth") return key.signDigest(Buffer.from(intent.digest.slice(2), "hex"));
      const sessionId = state.onchainSessionId;
      const sessionSignature = key.signDigest(hashSessionOrder(sessionId, intent.digest));
      return encodeWardenOrderSignature({ domainSeparator: exchanges.domainSeparator(intent.exchange), order: intent.order, sessionId, sessionSignature });
    },
  };
}
