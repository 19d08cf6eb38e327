import type { Hex } from "viem";

/** A decoded revert of the Warden module. */
export type WardenModuleRevert = {
  /** Custom error name, e.g. `"ScopeViolation"`. */
  errorName: string;
  /** Named arguments as decoded from the ABI. */
  args: Record<string, unknown>;
  /** For `ScopeViolation` / `InvalidScope`: the `Status` member name, e.g. `"SizeCapExceeded"`. */
  statusName: string | undefined;
};

/**
 * The Warden module reverted: carries the decoded custom error (`ScopeViolation(sessionId, status,
 * info)` and the others), with the status by name.
 *
 * @example
 * const err = decodeWardenModuleError(revertData);
 * if (err.statusName === "SessionExpired") console.log("re-grant the session");
 */
export class WardenModuleRevertError extends Error {
  override name = "WardenModuleRevertError";
  readonly code = "WARDEN_ERR_MODULE_REVERT";
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  readonly statusName: string | undefined;
  readonly data: Hex;
  constructor({ revert, data }: { revert: WardenModuleRevert; data: Hex }) {
    super(`Warden module reverted: ${revert.errorName}${revert.statusName ? ` (${revert.statusName})` : ""}`);
    this.errorName = revert.errorName;
    this.args = revert.args;
    this.statusName = revert.statusName;
    this.data = data;
  }
}
