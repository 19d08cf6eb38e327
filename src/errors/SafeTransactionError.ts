import { WardenError } from "./WardenError";

/** Why a Safe transaction was not executed. */
export type SafeTransactionErrorReason = "not_an_owner" | "below_threshold" | "execution_failed";

const fixes: Record<SafeTransactionErrorReason, string> = {
  not_an_owner: "Each --signature must be a current owner's signature of the printed safe tx hash (sign the hash itself, or eth_sign it); re-print the transaction if the Safe's nonce moved.",
  below_threshold: "Collect signatures from as many owners as the Safe's threshold, or let the owners execute it in Safe{Wallet}.",
  execution_failed: "The Safe ran the transaction and a call in it failed (ExecutionFailure): check that the module, handler and token addresses exist on this chain.",
};

/**
 * A Safe transaction Warden built could not be executed (`warden safe setup`): a signature that is
 * no owner's, fewer signatures than the threshold, or the Safe reported `ExecutionFailure`.
 *
 * @example
 * throw new SafeTransactionError({ reason: "below_threshold", details: { signatures: 1, threshold: 2 } })
 */
export class SafeTransactionError extends WardenError {
  override name = "SafeTransactionError";
  readonly reason: SafeTransactionErrorReason;
  constructor({ reason, details = {} }: { reason: SafeTransactionErrorReason; details?: Record<string, unknown> }) {
    super({ code: "WARDEN_ERR_SAFE_TRANSACTION", shortMessage: `Safe transaction not executed (${reason}).`, details: { reason, ...details }, metaMessages: [fixes[reason]] });
    this.reason = reason;
  }
}
