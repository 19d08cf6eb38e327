import type { Address, Hex } from "viem";

/**
 * One call a Safe transaction carries (`Safe.execTransaction`, or one part of a MultiSendCallOnly
 * batch), CALL only, with a line saying what it does. Only the call is written by hand (protocol-kit
 * has no builder for the module's calls, `setDomainVerifier` or token approvals); protocol-kit
 * builds, batches, hashes and encodes the Safe transaction itself (`safeTransactionView`,
 * `executeSafeTransaction`).
 *
 * @example
 * const tx: SafeTransaction = { to: safe, value: 0n, data: "0x610b5925…", operation: 0, description: "enableModule(Warden)" };
 */
export type SafeTransaction = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: 0;
  description: string;
};
