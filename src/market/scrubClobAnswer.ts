import type { ClobApiCredentials } from "./createClobL2Headers.js";

/**
 * The CLOB's answer text as it may go into a report, a log line or the audit log: any of the
 * credentials it might echo back (a proxy's error page, a debugging server) replaced, and cut to
 * 500 characters.
 *
 * @param text - The answer's body.
 * @param credentials - The key, secret and passphrase the request was made with.
 * @returns The scrubbed text.
 * @example
 * scrubClobAnswer(`bad key ${creds.key}`, creds) // "bad key [redacted]"
 */
export function scrubClobAnswer(text: string, credentials: ClobApiCredentials): string {
  let out = text.slice(0, 2_000);
  for (const secret of [credentials.key, credentials.secret, credentials.passphrase]) out = out.split(secret).join("[redacted]");
  return out.slice(0, 500);
}
