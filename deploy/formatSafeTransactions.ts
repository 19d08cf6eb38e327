import type { SafeTransaction } from "../src/chain/SafeTransaction";

/**
 * Human-readable list of Safe transactions plus a Safe{Wallet} Transaction Builder batch (JSON),
 * for an owner to review and sign.
 *
 * @param parameters Chain id, Safe and the transactions.
 * @returns Printable text.
 * @example
 * console.log(formatSafeTransactions({ chainId: 137, safe, transactions }));
 */
export function formatSafeTransactions({
  chainId,
  safe,
  transactions,
}: {
  chainId: number;
  safe: string;
  transactions: readonly SafeTransaction[];
}): string {
  const lines = [`Safe transactions to sign on chain ${chainId} for Safe ${safe} (CALL, value 0):`, ""];
  transactions.forEach((tx, i) => {
    lines.push(`${i + 1}. ${tx.description}`, `   to:   ${tx.to}`, `   data: ${tx.data}`, "");
  });
  const batch = {
    version: "1.0",
    chainId: String(chainId),
    meta: { name: "Enable Warden", description: "Enable the Warden module and register it as order verifier" },
    transactions: transactions.map((tx) => ({ to: tx.to, value: tx.value.toString(), data: tx.data })),
  };
  lines.push("Transaction Builder batch (import in Safe{Wallet}):", JSON.stringify(batch, null, 2));
  return lines.join("\n");
}
