import { z } from "zod";
import { clobCredentialPatterns } from "./clobCredentialPatterns.js";

/**
 * A whole-number config field whose messages name it and the fix.
 *
 * @example
 * wholeNumberField("order_status.timeout_ms", "milliseconds", 100, 60_000, 5_000).default(5_000)
 */
export const wholeNumberField = (field: string, unit: string, min: number, max: number, example: number) =>
  z
    .number({ error: `${field} must be a number of ${unit}, e.g. ${example}` })
    .int({ error: `${field} must be whole ${unit}, e.g. ${example}` })
    .min(min, { error: `${field} must be at least ${min} ${unit}; raise it` })
    .max(max, { error: `${field} must be at most ${max} ${unit}; lower it` });

// Messages never echo the value: these fields are secrets.
const secretField = (field: string, pattern: RegExp, what: string) =>
  z.string({ error: `${field} is required: ${what}` }).regex(pattern, { error: `${field} is malformed: ${what}` });

/**
 * The fields every config section that talks to the CLOB with the wallet's L2 API key has: the
 * base URL, the three credentials (secrets: messages never echo them) and the address the key
 * belongs to (default: Warden's wallet, the address an API key derived through Warden's ClobAuth
 * belongs to). Messages name `<section>.<field>`.
 *
 * @param section - The dotted section name, e.g. `order_status` or `kill_switch.clob`.
 * @returns zod fields to spread into the section's object schema.
 * @example
 * const schema = z.object({ ...clobApiConfigFields("kill_switch.clob") }).strict();
 */
export function clobApiConfigFields(section: string) {
  return {
    clob_url: z
      .url({ protocol: /^https?$/, error: `${section}.clob_url must be an http(s) base URL such as https://clob.polymarket.com` })
      .default("https://clob.polymarket.com"),
    api_key: secretField(`${section}.api_key`, clobCredentialPatterns.key, "set the CLOB API key (a UUID) that createOrDeriveApiKey returned"),
    api_secret: secretField(`${section}.api_secret`, clobCredentialPatterns.secret, "set the CLOB API secret (base64) that createOrDeriveApiKey returned"),
    api_passphrase: secretField(
      `${section}.api_passphrase`,
      clobCredentialPatterns.passphrase,
      "set the CLOB API passphrase that createOrDeriveApiKey returned (printable ASCII, no spaces)",
    ),
    address: z
      .string({ error: `${section}.address must be a 0x-prefixed address; omit it to use the wallet's` })
      .regex(clobCredentialPatterns.address, { error: `${section}.address must be a 0x-prefixed 20-byte address; omit it to use the wallet's` })
      .optional(),
  };
}
