import { type Address, type Hex, type LocalAccount, type TransactionSerializable, keccak256, parseSignature, serializeTransaction, toFunctionSelector } from "viem";
import { toAccount } from "viem/accounts";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import type { WalletKey } from "./WalletKey";

/** Parameters of {@link toUserPauseAccount}. */
export type ToUserPauseAccountParameters = {
  /** The `eoa` wallet's key: the maker whose orders the exchanges pause. */
  key: WalletKey;
  /** The exchanges it may call. */
  exchanges: readonly Address[];
};

const ALLOWED = new Set([toFunctionSelector("pauseUser()"), toFunctionSelector("unpauseUser()")]);
const refuse = (what: string) =>
  new InvalidParameterError({ field: "transaction", fix: `The wallet key signs only pauseUser() / unpauseUser() to a configured exchange, never ${what}.` });

/**
 * A viem account over the wallet key that signs one kind of transaction and nothing else:
 * `pauseUser()` or `unpauseUser()` — exactly those 4 bytes of calldata, no value, no EIP-7702
 * authorisation — sent to one of the given exchanges. Everything else (another target or call,
 * value, a message, typed data) is refused: the kill switch's on-chain arm cannot be turned into a
 * way to move the wallet's funds. The signature is the key's own (libsecp256k1, low-s).
 *
 * @param parameters - `{ key, exchanges }`.
 * @returns A viem `LocalAccount` for a wallet client.
 * @example
 * const account = toUserPauseAccount({ key, exchanges: knownExchanges[137].map((e) => e.address) });
 * const wallet = createWalletClient({ account, transport: http(rpcUrl) });
 */
export function toUserPauseAccount({ key, exchanges }: ToUserPauseAccountParameters): LocalAccount {
  const targets = new Set(exchanges.map((e) => e.toLowerCase()));
  const check = (tx: TransactionSerializable) => {
    if (!tx.to || !targets.has(tx.to.toLowerCase())) throw refuse("a transaction to another contract");
    if (!tx.data || !ALLOWED.has(tx.data.toLowerCase() as Hex)) throw refuse("another call");
    if (tx.value !== undefined && tx.value !== 0n) throw refuse("a transfer of value");
    if ("authorizationList" in tx && tx.authorizationList && tx.authorizationList.length > 0) throw refuse("an EIP-7702 authorisation");
  };
  return toAccount({
    address: key.address,
    async signTransaction(transaction, options) {
      const serializer = (options?.serializer ?? serializeTransaction) as typeof serializeTransaction;
      check(transaction);
      const digest = keccak256(serializer(transaction));
      const signature = parseSignature(key.signDigest(Buffer.from(digest.slice(2), "hex")));
      return serializer(transaction, signature);
    },
    async signMessage() {
      throw refuse("a message");
    },
    async signTypedData() {
      throw refuse("typed data");
    },
  });
}
