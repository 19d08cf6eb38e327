import type { Address, Hex, LocalAccount } from "viem";
import { toAccount } from "viem/accounts";
import type { DeclaredInputs, SigningEndpoint } from "../core/SigningEndpoint";

/** Parameters of {@link toSessionAccount}. */
export type ToSessionAccountParameters = {
  /** Where signing requests go: an in-process Warden (or any {@link SigningEndpoint}). */
  warden: SigningEndpoint;
  /** The session's bearer credential (shown once at grant time). */
  credential: string;
  /** The strategy this account signs for; must equal the session's strategy. */
  strategyId: string;
  /** Declared with every request: the strategy's region, data inputs, counterparty (ComplianceGate, BlacklistKeeper). */
  declared?: DeclaredInputs;
  /**
   * The address the account presents (POLY_ADDRESS, a ClobAuth's address) instead of the endpoint's
   * `signerAddress`: in safe-module mode the session's own key (`safe_session.signer_address`), each
   * session having its own. Orders are unaffected (a POLY_1271 order names the Safe as maker and signer).
   */
  signerAddress?: Address;
};

/**
 * A viem `Account` for a strategy that holds **no wallet key**: every signature is asked of Warden,
 * which decodes the request, runs the guards and returns a signature or throws a
 * `SigningDeniedError` carrying the deciding `RiskVote`. Plugs into `createWalletClient({ account })`
 * and `@polymarket/clob-client-v2`. `signMessage` and `signTransaction` are sent too, so their
 * refusal (`WALLET_PERMISSION_DENIED`) is audited.
 *
 * @returns A viem local account whose address is the wallet's (in deposit-wallet mode: the session signer's, the funder being the wallet).
 * @example
 * const account = toSessionAccount({ warden, credential: session.credential, strategyId: "nba-mm" })
 * const client = createWalletClient({ account, chain: polygon, transport: http() })
 */
export function toSessionAccount({ warden, credential, strategyId, declared, signerAddress }: ToSessionAccountParameters): LocalAccount {
  const ask = (request: Parameters<SigningEndpoint["sign"]>[0]["request"]): Promise<Hex> =>
    warden.sign({ credential, strategy_id: strategyId, request, ...(declared ? { declared } : {}) });
  return toAccount({
    // clob-client-v2 puts this in POLY_ADDRESS and ClobAuth; a deposit wallet's orders name the wallet as maker and signer.
    address: signerAddress ?? warden.signerAddress ?? warden.walletAddress,
    signMessage: ({ message }) => ask({ kind: "message", message }),
    signTransaction: (transaction) => ask({ kind: "transaction", transaction }),
    signTypedData: (typedData) =>
      ask({
        kind: "typed_data",
        typedData: {
          domain: typedData.domain,
          types: typedData.types,
          primaryType: typedData.primaryType,
          message: typedData.message,
        },
      }),
  });
}
