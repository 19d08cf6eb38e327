import { type Address, type LocalAccount, type TransactionSerializable, toFunctionSelector } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { toTransactionOnlyAccount } from "./toTransactionOnlyAccount";
import type { WalletKey } from "./WalletKey";

const EXEC_TRANSACTION = toFunctionSelector("execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)");
const refuse = (what: string) => new InvalidParameterError({ field: "transaction", fix: `The executor key only relays the Safe's execTransaction, never ${what}.` });

/**
 * A viem account over a gas-paying key that signs one kind of transaction: `execTransaction` to
 * the one Safe, no value, no EIP-7702 authorisation (it relays what the owners signed; the owners'
 * signatures, not this key, authorise the Safe's calls). Everything else is refused.
 *
 * @param parameters - The key and the Safe.
 * @returns A viem `LocalAccount`.
 * @example
 * const account = toSafeExecutorAccount({ key, safe });
 */
export function toSafeExecutorAccount({ key, safe }: { key: WalletKey; safe: Address }): LocalAccount {
  const wrongCall = (tx: TransactionSerializable) =>
    tx.to?.toLowerCase() !== safe.toLowerCase() ? "a transaction to another contract" : !tx.data || tx.data.slice(0, 10).toLowerCase() !== EXEC_TRANSACTION ? "another call" : null;
  return toTransactionOnlyAccount({ key, wrongCall, refuse });
}
