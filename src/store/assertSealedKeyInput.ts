import { InvalidParameterError } from "../errors/InvalidParameterError";

const NAME = /^[A-Za-z0-9:_.-]{1,160}$/;
/** A sealed 32-byte key with its envelope is a few hundred characters; far more is not a sealed key. */
const MAX_BLOB_CHARS = 4096;

/**
 * Checks a sealed key's name (and blob, when given) before a store keeps it: both stores refuse
 * the same inputs, so a name that works on one works on the other. Never echoes the blob.
 *
 * @param name - 1–160 of `A-Za-z0-9:_.-`, e.g. `deposit-wallet:session-signer`.
 * @param blob - The sealed blob (a non-empty string of at most 4096 characters).
 * @throws {InvalidParameterError} naming the parameter and the fix.
 * @example
 * assertSealedKeyInput("safe-session:ses_1", blob)
 */
export function assertSealedKeyInput(name: string, blob?: string): void {
  if (typeof name !== "string" || !NAME.test(name))
    throw new InvalidParameterError({ field: "sealed key name", fix: "Use 1 to 160 letters, digits, ':', '_', '.' or '-'." });
  if (blob !== undefined && (typeof blob !== "string" || blob.length === 0 || blob.length > MAX_BLOB_CHARS))
    throw new InvalidParameterError({ field: "sealed key blob", fix: `Pass the sealed blob createKeySealer made (a non-empty string of at most ${MAX_BLOB_CHARS} characters).` });
}
