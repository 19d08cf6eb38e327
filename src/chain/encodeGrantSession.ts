import { type Address, type ContractFunctionArgs, encodeFunctionData } from "viem";
import type { SafeTransaction } from "./SafeTransaction";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";

/** A session grant as the module's `grantSession` takes it (key, limits, pairs, lists). */
export type WardenSessionGrant = ContractFunctionArgs<typeof wardenModuleAbi, "nonpayable", "grantSession">[0];

/**
 * The Safe transaction that grants a session (`WardenModule.grantSession`, sent by the Safe).
 *
 * @param parameters The module and the grant.
 * @returns The Safe transaction to sign.
 * @example
 * const tx = encodeGrantSession({ module, grant: { key, limits, calls, spenders: [], recipients: [], tokenIds: [] } });
 */
export function encodeGrantSession({ module, grant }: { module: Address; grant: WardenSessionGrant }): SafeTransaction {
  return {
    to: module,
    value: 0n,
    data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [grant] }),
    operation: 0,
    description: `WardenModule.grantSession(key ${grant.key}, valid until ${grant.limits.validUntil})`,
  };
}
