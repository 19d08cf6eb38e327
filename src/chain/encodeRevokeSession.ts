import { type Address, type Hex, encodeFunctionData } from "viem";
import type { SafeTransaction } from "./SafeTransaction";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";

/**
 * The Safe transaction that revokes a session for good (`WardenModule.revokeSession`): every
 * order it signed that is not yet matched stops validating once it is mined.
 *
 * @param parameters The module and the session id.
 * @returns The Safe transaction to sign.
 * @example
 * const tx = encodeRevokeSession({ module, sessionId });
 */
export function encodeRevokeSession({ module, sessionId }: { module: Address; sessionId: Hex }): SafeTransaction {
  return {
    to: module,
    value: 0n,
    data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }),
    operation: 0,
    description: `WardenModule.revokeSession(${sessionId})`,
  };
}
