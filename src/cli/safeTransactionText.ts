import type { SafeTransactionView } from "../chain/safeTransactionView";

/**
 * The human-readable form of a Safe transaction for the owners: the hash they sign, the
 * threshold, the call(s) in order, and where the Transaction Builder JSON is (`--json`).
 *
 * @param view - The Safe transaction.
 * @returns Lines of text.
 * @example
 * ctx.out.result(answer, safeTransactionText(answer.safe_transaction));
 */
export function safeTransactionText(view: SafeTransactionView): string {
  return [
    `Safe transaction for ${view.safe} (chain ${view.chain_id}, nonce ${view.nonce}); the owners approve it at the Safe's threshold (${view.threshold}):`,
    `  safe tx hash  ${view.safe_tx_hash}`,
    `  to ${view.to}  value ${view.value}  operation ${view.operation === 1 ? "1 (DELEGATECALL: MultiSendCallOnly batch)" : "0 (CALL)"}`,
    `  data ${view.data}`,
    ...view.calls.map((c, i) => `  ${i + 1}. ${c}`),
    "(--json prints the Safe{Wallet} Transaction Builder form under transaction_builder)",
  ].join("\n");
}
