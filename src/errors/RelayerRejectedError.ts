import { WardenError } from "./WardenError";

/**
 * The relayer refused a deposit-wallet batch, or its answer was not one. Carries the HTTP status
 * and the relayer's own error text (never the request's signature or API key).
 *
 * @example
 * throw new RelayerRejectedError({ status: 400, error: "batch nonce 3 does not match on-chain nonce 4" })
 */
export class RelayerRejectedError extends WardenError {
  override name = "RelayerRejectedError";
  constructor({ status, error }: { status: number | null; error: string }) {
    super({
      code: "WARDEN_ERR_RELAYER",
      shortMessage: status === null ? "The relayer could not be reached." : `The relayer answered ${status}.`,
      details: { status, error },
      metaMessages: [error, "Check wallet.relayer_url and the relayer API key, then sign a new batch (its deadline is at most 300 s)."],
    });
  }
}
