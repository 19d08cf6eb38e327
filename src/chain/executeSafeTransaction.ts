import type Safe from "@safe-global/protocol-kit";
import { EthSafeSignature } from "@safe-global/protocol-kit";
import { type Address, type Hex, type LocalAccount, type PublicClient, type Transport, createWalletClient, hexToNumber, parseEventLogs, parseAbi, recoverAddress, recoverMessageAddress, concatHex, numberToHex } from "viem";
import { SafeTransactionError } from "../errors/SafeTransactionError";

type KitSafeTransaction = Awaited<ReturnType<Safe["createTransaction"]>>;

const safeEventsAbi = parseAbi(["event ExecutionFailure(bytes32 txHash, uint256 payment)", "event ExecutionSuccess(bytes32 txHash, uint256 payment)"]);

/** Parameters of {@link executeSafeTransaction}. */
export type ExecuteSafeTransactionParameters = {
  kit: Safe;
  transaction: KitSafeTransaction;
  safeTxHash: Hex;
  /** Owners' ECDSA signatures of `safeTxHash` (v 27/28 over the hash, or 31/32 for eth_sign), any order. */
  signatures: readonly Hex[];
  /** Pays the gas (it authorises nothing: the owners' signatures do). */
  executor: LocalAccount;
  client: Pick<PublicClient, "waitForTransactionReceipt" | "chain">;
  transport: Transport;
};

/** The owner a signature of `hash` is from: plain ECDSA over the hash, or eth_sign's (v + 4). */
async function signerOf(hash: Hex, signature: Hex): Promise<Address> {
  const v = hexToNumber(`0x${signature.slice(130, 132)}`);
  if (v > 30) return recoverMessageAddress({ message: { raw: hash }, signature: concatHex([signature.slice(0, 130) as Hex, numberToHex(v - 4, { size: 1 })]) });
  return recoverAddress({ hash, signature });
}

/**
 * Executes a Safe transaction protocol-kit built, with the owners' signatures up to the threshold:
 * each signature's owner is recovered and checked (`isOwner`), protocol-kit encodes them (sorted
 * by owner) into `execTransaction`, and the executor sends it. Sending is viem's, not
 * protocol-kit's `executeTransaction`: that one needs the sender's raw private key, and Warden's
 * keys never leave their `WalletKey`.
 *
 * @param parameters - protocol-kit Safe and transaction, its hash, the signatures, executor, client, transport.
 * @returns The hash of the chain transaction.
 * @throws {SafeTransactionError} when a signature is no owner's, they fall short of the threshold, or the Safe reports ExecutionFailure.
 * @example
 * const txHash = await executeSafeTransaction({ kit, transaction, safeTxHash: view.safe_tx_hash, signatures, executor, client, transport: http(rpcUrl) });
 */
export async function executeSafeTransaction({ kit, transaction, safeTxHash, signatures, executor, client, transport }: ExecuteSafeTransactionParameters): Promise<Hex> {
  const owners = new Set<string>();
  for (const signature of signatures) {
    const owner = await signerOf(safeTxHash, signature).catch(() => null);
    if (!owner || !(await kit.isOwner(owner))) throw new SafeTransactionError({ reason: "not_an_owner", details: { signature_index: signatures.indexOf(signature) } });
    owners.add(owner.toLowerCase());
    transaction.addSignature(new EthSafeSignature(owner, signature));
  }
  const threshold = await kit.getThreshold();
  if (owners.size < threshold) throw new SafeTransactionError({ reason: "below_threshold", details: { signatures: owners.size, threshold } });
  const data = (await kit.getEncodedTransaction(transaction)) as Hex;
  const wallet = createWalletClient({ account: executor, transport, chain: client.chain });
  const hash = await wallet.sendTransaction({ to: (await kit.getAddress()) as Address, data, value: 0n, chain: client.chain ?? null });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || parseEventLogs({ abi: safeEventsAbi, logs: receipt.logs, eventName: "ExecutionFailure" }).length > 0)
    throw new SafeTransactionError({ reason: "execution_failed", details: { tx_hash: hash } });
  return hash;
}
