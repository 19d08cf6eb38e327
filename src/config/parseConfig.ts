import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { type WardenConfig, type WardenConfigInput, wardenConfigSchema } from "./wardenConfigSchema";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates a configuration once, at the edge, fills in defaults and deep-freezes the result.
 *
 * @param input - Raw configuration (e.g. parsed from a file).
 * @returns The frozen {@link WardenConfig}.
 * @throws {ConfigError} naming every bad field and its fix.
 * @example
 * const config = parseConfig({ signing: { max_order_age_s: 30 } })
 */
export function parseConfig(input: WardenConfigInput | unknown = {}): WardenConfig {
  const result = wardenConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError({ problems: z.prettifyError(result.error) });
  return deepFreeze(result.data);
}
