import type Safe from "@safe-global/protocol-kit";
import { type Address, type Hex, getAddress } from "viem";
import type { SafeTransaction } from "./SafeTransaction";

/** What the Safe's owners approve: one Safe transaction (a MultiSendCallOnly batch when it carries several calls). */
export type SafeTransactionView = {
  safe: Address;
  chain_id: number;
  /** The Safe nonce the hash is for (Safe{Wallet} assigns its own when the JSON is imported). */
  nonce: number;
  /** The owners' signatures up to the threshold are over this (EIP-712 SafeTx). */
  safe_tx_hash: Hex;
  threshold: number;
  to: Address;
  value: string;
  data: Hex;
  /** 0 CALL; 1 DELEGATECALL (only a MultiSendCallOnly batch). */
  operation: 0 | 1;
  /** One line per call, in order, human-readable. */
  calls: string[];
  /** The Safe{Wallet} Transaction Builder form (import it in the app's Transaction Builder). */
  transaction_builder: {
    version: "1.0";
    chainId: string;
    createdAt: number;
    meta: { name: string; description: string; txBuilderVersion: string; createdFromSafeAddress: Address };
    transactions: { to: Address; value: string; data: Hex; contractMethod: null; contractInputsValues: null }[];
  };
};

/** Parameters of {@link safeTransactionView}. */
export type SafeTransactionViewParameters = {
  kit: Safe;
  /** The calls, in order (CALL only). */
  calls: readonly SafeTransaction[];
  /** A name for the Transaction Builder file. */
  name: string;
  /** When the view is made, unix ms (the Transaction Builder's `createdAt`). */
  nowMs: number;
};

/**
 * Builds the Safe transaction for `calls` with protocol-kit (one call: that call; several: one
 * MultiSendCallOnly batch, `onlyCalls`) at the Safe's current nonce, and its hash, threshold and
 * Transaction Builder form.
 *
 * @param parameters - The protocol-kit Safe, the calls, a name and the time.
 * @returns The view the owners approve, and protocol-kit's transaction (to add signatures and execute).
 * @example
 * const { view } = await safeTransactionView({ kit, calls: [encodeRevokeSession({ module, sessionId })], name: "Revoke session", nowMs: Date.now() });
 */
export async function safeTransactionView({ kit, calls, name, nowMs }: SafeTransactionViewParameters) {
  const transactions = calls.map((c) => ({ to: c.to, value: c.value.toString(), data: c.data, operation: c.operation }));
  const tx = await kit.createTransaction({ transactions, onlyCalls: true });
  const [hash, threshold, safe, chainId] = await Promise.all([kit.getTransactionHash(tx), kit.getThreshold(), kit.getAddress(), kit.getChainId()]);
  const view: SafeTransactionView = {
    safe: getAddress(safe),
    chain_id: Number(chainId),
    nonce: Number(tx.data.nonce),
    safe_tx_hash: hash as Hex,
    threshold,
    to: getAddress(tx.data.to),
    value: tx.data.value,
    data: tx.data.data as Hex,
    operation: Number(tx.data.operation) as 0 | 1,
    calls: calls.map((c) => c.description),
    transaction_builder: {
      version: "1.0",
      chainId: String(chainId),
      createdAt: nowMs,
      meta: { name, description: calls.map((c) => c.description).join("; "), txBuilderVersion: "1.16.5", createdFromSafeAddress: getAddress(safe) },
      transactions: transactions.map((t) => ({ to: getAddress(t.to), value: t.value, data: t.data, contractMethod: null, contractInputsValues: null })),
    },
  };
  return { view, transaction: tx };
}
