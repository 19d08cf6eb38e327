import { type Address, type Hex, type LocalAccount, type TransactionSerializable, toFunctionSelector } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { toTransactionOnlyAccount } from "./toTransactionOnlyAccount";
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
  const wrongCall = (tx: TransactionSerializable) =>
    !tx.to || !targets.has(tx.to.toLowerCase()) ? "a transaction to another contract" : !tx.data || !ALLOWED.has(tx.data.toLowerCase() as Hex) ? "another call" : null;
  return toTransactionOnlyAccount({ key, wrongCall, refuse });
}
