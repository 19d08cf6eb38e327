import { type LocalAccount, type TransactionSerializable, keccak256, parseSignature, serializeTransaction } from "viem";
import { toAccount } from "viem/accounts";
import type { WalletKey } from "./WalletKey";

/** Parameters of {@link toTransactionOnlyAccount}. */
export type ToTransactionOnlyAccountParameters = {
  key: WalletKey;
  /** What is wrong with the transaction's target or calldata (e.g. "another call"), or null when it is the one call allowed. */
  wrongCall: (tx: TransactionSerializable) => string | null;
  /** The error a refusal throws, given what was refused. */
  refuse: (what: string) => Error;
};

/**
 * A viem account over a key that signs only transactions `wrongCall` lets through, never with
 * value or an EIP-7702 authorisation, and never a message or typed data. The signature is the
 * key's own (libsecp256k1, low-s). The shell of the narrow accounts (kill-switch pauseUser, Safe
 * executor): each supplies which call it allows and how it words a refusal.
 *
 * @param parameters - The key, the call check and the refusal.
 * @returns A viem `LocalAccount`.
 * @example
 * const account = toTransactionOnlyAccount({ key, wrongCall: (tx) => (tx.to === target ? null : "a transaction to another contract"), refuse })
 */
export function toTransactionOnlyAccount({ key, wrongCall, refuse }: ToTransactionOnlyAccountParameters): LocalAccount {
  const check = (tx: TransactionSerializable) => {
    const wrong = wrongCall(tx);
    if (wrong !== null) throw refuse(wrong);
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
