import { WardenError } from "./WardenError";

/**
 * A configuration or parameter value failed validation. The message names each field and its fix.
 *
 * @example
 * throw new ConfigError({ problems: "✖ max_per_call_size_usd must be > 0 → at guards.max_per_call_size_usd" })
 */
export class ConfigError extends WardenError {
  override name = "ConfigError";
  constructor({ problems, subject = "configuration" }: { problems: string; subject?: string }) {
    super({
      code: "WARDEN_ERR_CONFIG",
      shortMessage: `Invalid ${subject}.`,
      details: { problems },
      metaMessages: [problems],
    });
  }
}
