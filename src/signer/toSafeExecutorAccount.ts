import { type Address, type LocalAccount, type TransactionSerializable, keccak256, parseSignature, serializeTransaction, toFunctionSelector } from "viem";
import { toAccount } from "viem/accounts";
import { InvalidParameterError } from "../errors/InvalidParameterError";
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
  const check = (tx: TransactionSerializable) => {
    if (tx.to?.toLowerCase() !== safe.toLowerCase()) throw refuse("a transaction to another contract");
    if (!tx.data || tx.data.slice(0, 10).toLowerCase() !== EXEC_TRANSACTION) throw refuse("another call");
    if (tx.value !== undefined && tx.value !== 0n) throw refuse("a transfer of value");
    if ("authorizationList" in tx && tx.authorizationList && tx.authorizationList.length > 0) throw refuse("an EIP-7702 authorisation");
  };
  return toAccount({
    address: key.address,
    async signTransaction(transaction, options) {
      const serializer = (options?.serializer ?? serializeTransaction) as typeof serializeTransaction;
      check(transaction);
      const digest = keccak256(serializer(transaction));
      return serializer(transaction, parseSignature(key.signDigest(Buffer.from(digest.slice(2), "hex"))));
    },
    async signMessage() {
      throw refuse("a message");
    },
    async signTypedData() {
      throw refuse("typed data");
    },
  });
}
