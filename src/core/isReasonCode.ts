import { type ReasonCode, reasonCodes } from "./reasonCodes";

/**
 * Tells whether a string is a registered reason code.
 *
 * @param code - Any string.
 * @returns True when `code` is in the registry.
 * @example
 * isReasonCode("SESSION_KEY_EXPIRED") // true
 */
export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === "string" && Object.hasOwn(reasonCodes, code);
}
