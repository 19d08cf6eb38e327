import type { Hex } from "viem";
import { WardenError } from "../errors/WardenError";

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
export class WardenModuleRevertError extends WardenError {
  override name = "WardenModuleRevertError";
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  readonly statusName: string | undefined;
  readonly data: Hex;
  constructor({ revert, data }: { revert: WardenModuleRevert; data: Hex }) {
    super({
      code: "WARDEN_ERR_MODULE_REVERT",
      shortMessage: `Warden module reverted: ${revert.errorName}${revert.statusName ? ` (${revert.statusName})` : ""}`,
      details: { errorName: revert.errorName, statusName: revert.statusName ?? null },
    });
    this.errorName = revert.errorName;
    this.args = revert.args;
    this.statusName = revert.statusName;
    this.data = data;
  }
}
