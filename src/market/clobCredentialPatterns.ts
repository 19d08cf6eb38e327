/**
 * What a CLOB L2 API credential looks like, checked once in the config schema and again where the
 * credentials become HTTP headers. Besides catching typos, the patterns keep every value a valid
 * header value: `fetch` names an invalid header value in its error text, and that text must never
 * carry a secret.
 *
 * @example
 * ```ts
 * clobCredentialPatterns.key.test("f4f247b7-4ac7-ff29-a152-04fda0a8755a"); // true
 * ```
 */
export const clobCredentialPatterns = {
  /** The API key: a UUID. */
  key: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  /** The HMAC secret: base64 or base64url, at least 16 characters. */
  secret: /^[A-Za-z0-9+/_-]{16,512}={0,2}$/,
  /** The passphrase: 1–256 printable ASCII characters, no spaces. */
  passphrase: /^[\x21-\x7e]{1,256}$/,
  /** The address the key belongs to. */
  address: /^0x[0-9a-fA-F]{40}$/,
} as const;
