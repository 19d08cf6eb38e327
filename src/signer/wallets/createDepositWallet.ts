import { type Address, getAddress } from "viem";
import { WalletNotReadyError } from "../../errors/WalletNotReadyError";
import type { OrderHasher } from "../createOrderHasher";
import { createTypedDataSignHasher } from "../createTypedDataSignHasher";
import { encodeDepositWalletSignature } from "../encodeDepositWalletSignature";
import type { WalletKey } from "../WalletKey";
import type { Wallet, WalletReadiness } from "./Wallet";

/** The last answer of `sessionSignerAuthorizedUntil(sessionSigner)` read from the chain. */
export type SessionSignerAuthorization = {
  /** Unix seconds until which the wallet accepts the session signer; 0 = not authorised (never, or revoked). */
  validUntilSec: bigint;
  /** When Warden received the answer (unix ms, Warden's clock). */
  readAtMs: number;
};

/** Parameters of {@link createDepositWallet}. */
export type CreateDepositWalletParameters = {
  /** Warden's session-signer key (decrypted from its keystore). */
  sessionKey: WalletKey;
  /** The user's deposit wallet (maker and signer of its orders). */
  depositWallet: Address;
  /** Its owner: the EOA that authorises the session signer on-chain and grants Warden's sessions. */
  owner: Address;
  chainId: number;
  hasher: OrderHasher;
  /** The latest authorisation, kept fresh off the signing path (null: never read). */
  authorization: () => SessionSignerAuthorization | null;
  /** An answer older than this is not trusted (fail closed). */
  maxStalenessMs: number;
  /** Clock of the wallet's own last check before a signature (unix ms). */
  now?: () => number;
};

/**
 * The `deposit-wallet` mode (signature type 3): Warden holds the Polymarket **session signer** of
 * a user's deposit wallet. Orders arrive as the ERC-7739 `TypedDataSign` envelope
 * (`expects.orderDocument`) with maker = signer = the wallet, and are signed as the wallet accepts
 * a session signer's signature (`encodeDepositWalletSignature`); ClobAuth is signed by the session
 * signer for its own address, as @polymarket/client signs L1 auth for its signing EOA. Nothing is
 * signed while the on-chain authorisation is missing, expired, revoked, unknown or stale
 * (`readiness`; the signing path denies first, `signIntent` refuses again).
 *
 * @param parameters - Key, wallet, hashing and the authorisation reader.
 * @returns The wallet port.
 * @example
 * const wallet = createDepositWallet({ sessionKey, depositWallet, owner, chainId: 137, hasher, authorization: watcher.current, maxStalenessMs: 30_000 });
 * wallet.expects.clobAuthAddress === sessionKey.address; // true
 */
export function createDepositWallet(parameters: CreateDepositWalletParameters): Wallet {
  const { sessionKey, chainId, hasher, authorization, maxStalenessMs, now = Date.now } = parameters;
  const own = parameters.depositWallet.toLowerCase() as Address;
  const envelope = createTypedDataSignHasher({ chainId, hasher });

  const readiness = (nowMs: number): WalletReadiness => {
    const auth = authorization();
    if (!auth) return { ready: false, reason_code: "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE", evidence: { problem: "never_read" } };
    const ageMs = nowMs - auth.readAtMs;
    if (ageMs > maxStalenessMs)
      return { ready: false, reason_code: "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE", evidence: { problem: "stale", age_ms: ageMs, max_staleness_ms: maxStalenessMs } };
    const validUntil = auth.validUntilSec.toString();
    // The wallet accepts the session signer while block.timestamp < validUntil.
    if (BigInt(Math.floor(nowMs / 1000)) >= auth.validUntilSec)
      return { ready: false, reason_code: "WALLET_SESSION_SIGNER_UNAUTHORIZED", evidence: { valid_until_s: validUntil, revoked_or_never: auth.validUntilSec === 0n } };
    return { ready: true, evidence: { valid_until_s: validUntil } };
  };

  return {
    address: getAddress(own),
    expects: { maker: own, signer: own, clobAuthAddress: sessionKey.address, signatureType: 3, orderDocument: "TypedDataSign", grantSigner: parameters.owner.toLowerCase() as Address },
    readiness,
    signIntent(intent) {
      const state = readiness(now());
      if (!state.ready) throw new WalletNotReadyError({ reasonCode: state.reason_code, details: state.evidence });
      if (intent.kind === "clob_auth") return sessionKey.signDigest(Buffer.from(intent.digest.slice(2), "hex"));
      const { digest, domainSeparator, contentsHash } = envelope.hash(intent.exchange, intent.order, own);
      return encodeDepositWalletSignature({ signature: sessionKey.signDigest(digest), domainSeparator, contentsHash, sessionSigner: sessionKey.address });
    },
  };
}
