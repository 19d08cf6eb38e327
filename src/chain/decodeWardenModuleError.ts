import { type Hex, decodeErrorResult } from "viem";
import { UnknownModuleRevertError, WardenModuleRevertError } from "../errors/moduleErrors";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";
import { wardenStatus } from "./generated/wardenStatus";

/**
 * Decodes revert data of the Warden module from its ABI into a {@link WardenModuleRevertError}
 * (error name, named arguments, and the `Status` member by name).
 *
 * @param data Revert data.
 * @returns The decoded error (to throw or inspect).
 * @throws {UnknownModuleRevertError} when the data is not a module error.
 * @example
 * const err = decodeWardenModuleError(revertData);
 * err.errorName; // "ScopeViolation"
 * err.statusName; // "SizeCapExceeded"
 */
export function decodeWardenModuleError(data: Hex): WardenModuleRevertError {
  let decoded: ReturnType<typeof decodeErrorResult<typeof wardenModuleAbi>>;
  try {
    decoded = decodeErrorResult({ abi: wardenModuleAbi, data });
  } catch (cause) {
    throw Object.assign(new UnknownModuleRevertError({ data }), { cause });
  }
  const abiItem = wardenModuleAbi.find((item) => item.type === "error" && item.name === decoded.errorName);
  const inputs = abiItem && "inputs" in abiItem ? abiItem.inputs : [];
  const values = (decoded.args ?? []) as readonly unknown[];
  const args: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    args[input.name] = values[i];
  });
  const status = args.status;
  const statusName = typeof status === "number" ? wardenStatus[status] : undefined;
  return new WardenModuleRevertError({ revert: { errorName: decoded.errorName, args, statusName }, data });
}
