import { WardenError } from "./WardenError";

/**
 * A caller passed a value Warden cannot use. Names the parameter and the fix; never echoes the
 * value (it may be a secret).
 *
 * @example
 * throw new InvalidParameterError({ field: "privateKey", fix: "Pass 0x followed by 64 hex digits." })
 */
export class InvalidParameterError extends WardenError {
  override name = "InvalidParameterError";
  constructor({ field, fix }: { field: string; fix: string }) {
    super({
      code: "WARDEN_ERR_INVALID_PARAMETER",
      shortMessage: `Invalid ${field}.`,
      details: { field },
      metaMessages: [fix],
    });
  }
}
