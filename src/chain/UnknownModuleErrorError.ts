import type { Hex } from "viem";
import { WardenError } from "../errors/WardenError";

/**
 * Revert data that is not one of the Warden module's custom errors.
 *
 * @example
 * try { decodeWardenModuleError("0x08c379a0...") } catch (e) {
 *   if (e instanceof UnknownModuleErrorError) console.log(e.data);
 * }
 */
export class UnknownModuleErrorError extends WardenError {
  override name = "UnknownModuleErrorError";
  readonly data: Hex;
  constructor({ data }: { data: Hex }) {
    super({ code: "WARDEN_ERR_MODULE_UNKNOWN_ERROR", shortMessage: `Revert data is not a Warden module error: ${data.slice(0, 10)}` });
    this.data = data;
  }
}
