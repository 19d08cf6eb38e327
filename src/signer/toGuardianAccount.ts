import { type Address, type Hex, type LocalAccount, type TransactionSerializable, encodeFunctionData, parseAbi } from "viem";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import { toTransactionOnlyAccount } from "./toTransactionOnlyAccount";
import type { WalletKey } from "./WalletKey";

/** Parameters of {@link toGuardianAccount}. */
export type ToGuardianAccountParameters = {
  /** The risk team's guardian key (the module's `guardian` of the Safe). */
  key: WalletKey;
  /** The Warden module. */
  module: Address;
  /** The Safe it pauses. */
  safe: Address;
};

// The one module call the guardian signs (WardenModule.pauseSafe; the signer layer does not import the chain's ABI).
const pauseSafeAbi = parseAbi(["function pauseSafe(address safe, bool onExchanges)", "function pauseStrategy(address safe, uint8 strategy)"]);
const refuse = (what: string) =>
  new InvalidParameterError({ field: "transaction", fix: `The guardian key signs only WardenModule.pauseSafe(safe, true) and pauseStrategy(safe, 0–63) for the configured Safe, never ${what}.` });

/**
 * A viem account over the guardian key that signs exactly two kinds of transaction: the module's
 * `pauseSafe(safe, true)` for the configured Safe (every session of the Safe paused, and
 * `pauseUser()` from the Safe on every known exchange) and `pauseStrategy(safe, i)` for i in 0–63 —
 * that calldata byte for byte, to the module, no value, no EIP-7702 authorisation. Everything else (another Safe, `pauseSafe(…,
 * false)`, another call or target, a message, typed data) is refused. The guardian cannot unpause
 * on-chain (the module allows only the Safe to), so this account has nothing else to sign.
 *
 * @param parameters - `{ key, module, safe }`.
 * @returns A viem `LocalAccount` for a wallet client.
 * @example
 * const account = toGuardianAccount({ key: guardianKey, module, safe });
 */
export function toGuardianAccount({ key, module, safe }: ToGuardianAccountParameters): LocalAccount {
  const allowed = new Set<Hex>([
    encodeFunctionData({ abi: pauseSafeAbi, functionName: "pauseSafe", args: [safe, true] }).toLowerCase() as Hex,
    ...Array.from({ length: 64 }, (_, i) => encodeFunctionData({ abi: pauseSafeAbi, functionName: "pauseStrategy", args: [safe, i] }).toLowerCase() as Hex),
  ]);
  const wrongCall = (tx: TransactionSerializable) =>
    !tx.to || tx.to.toLowerCase() !== module.toLowerCase() ? "a transaction to another contract" : !tx.data || !allowed.has(tx.data.toLowerCase() as Hex) ? "another call" : null;
  return toTransactionOnlyAccount({ key, wrongCall, refuse });
}
