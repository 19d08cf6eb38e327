import type { ReasonCode } from "../core/reasonCodes";
import { WardenError } from "./WardenError";

/**
 * The wallet refused to sign because it cannot sign now (deposit wallet: its session signer is not
 * authorised on-chain, or that is unknown). The signing path checks the same first and denies with
 * an audited vote; this is the wallet's own refusal should the state change in between.
 *
 * @example
 * throw new WalletNotReadyError({ reasonCode: "WALLET_SESSION_SIGNER_UNAUTHORIZED", details: { valid_until_s: "0" } })
 */
export class WalletNotReadyError extends WardenError {
  override name = "WalletNotReadyError";
  constructor({ reasonCode, details }: { reasonCode: ReasonCode; details: Record<string, unknown> }) {
    super({ code: "WARDEN_ERR_WALLET_NOT_READY", reasonCode, details });
  }
}
