import { InvalidParameterError } from "../errors/InvalidParameterError";
import { clobCredentialPatterns } from "./clobCredentialPatterns.js";
import type { ClobApiCredentials } from "./createClobL2Headers.js";

/**
 * Checks a CLOB L2 API key and the address it belongs to, and returns a private copy of the key:
 * later changes to the caller's object cannot change what a client signs. Malformed values are
 * refused without being echoed (they are secrets, and each must be a valid header value).
 *
 * @param credentials - The key, secret and passphrase as `createOrDeriveApiKey` returned them.
 * @param address - The 0x-prefixed address of the key (`POLY_ADDRESS`).
 * @returns A copy of the credentials.
 * @throws {InvalidParameterError} naming the malformed field.
 * @example
 * const creds = copyClobApiCredentials(credentials, wallet.address);
 */
export function copyClobApiCredentials(credentials: ClobApiCredentials, address: string): ClobApiCredentials {
  for (const field of ["key", "secret", "passphrase"] as const) {
    if (typeof credentials[field] !== "string" || !clobCredentialPatterns[field].test(credentials[field]))
      throw new InvalidParameterError({ field: `credentials.${field}`, fix: "Pass the CLOB API credential exactly as createOrDeriveApiKey returned it." });
  }
  if (typeof address !== "string" || !clobCredentialPatterns.address.test(address))
    throw new InvalidParameterError({ field: "address", fix: "Pass the 0x-prefixed address the API key belongs to." });
  return { key: credentials.key, secret: credentials.secret, passphrase: credentials.passphrase };
}
