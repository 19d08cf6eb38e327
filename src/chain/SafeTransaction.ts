import type { Address, Hex } from "viem";

/**
 * A transaction the Safe's owners sign and execute (`Safe.execTransaction`), CALL only, with a
 * line saying what it does.
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
