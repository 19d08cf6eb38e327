import type { Hex } from "viem";
import { WardenError } from "./WardenError";

// The Warden Safe module's error family: encoding a session signature for it, and decoding its reverts.

/** What was wrong with a session signature handed to the payload builder. */
export type InvalidSessionSignatureReason = "length" | "high_s" | "v" | "session_id";

/**
 * A session signature or session id cannot go into a Warden payload: the module would refuse it
 * (wrong length, high `s`, `v` not 27/28, session id not 32 bytes).
 *
 * @example
 * try { encodeWardenSessionPayload({ sessionId, signature }) } catch (e) {
 *   if (e instanceof InvalidSessionSignatureError) console.log(e.reason);
 * }
 */
export class InvalidSessionSignatureError extends WardenError {
  override name = "InvalidSessionSignatureError";
  readonly reason: InvalidSessionSignatureReason;
  constructor({ reason }: { reason: InvalidSessionSignatureReason }) {
    super({ code: "WARDEN_ERR_SESSION_SIGNATURE", shortMessage: `Session signature cannot be encoded for the Warden module (${reason}).` });
    this.reason = reason;
  }
}

/**
 * Revert data that is not one of the Warden module's custom errors.
 *
 * @example
 * try { decodeWardenModuleError("0x08c379a0...") } catch (e) {
 *   if (e instanceof UnknownModuleRevertError) console.log(e.data);
 * }
 */
export class UnknownModuleRevertError extends WardenError {
  override name = "UnknownModuleRevertError";
  readonly data: Hex;
  constructor({ data }: { data: Hex }) {
    super({ code: "WARDEN_ERR_MODULE_UNKNOWN_ERROR", shortMessage: `Revert data is not a Warden module error: ${data.slice(0, 10)}` });
    this.data = data;
  }
}

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
