import { existsSync, readFileSync } from "node:fs";
import { parseConfig } from "../config/parseConfig";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { stripJsonComments } from "./stripJsonComments";

/** The config file a command reads: `--config`, else WARDEN_CONFIG, else ./warden.config.json if present. */
export function configFile(path: string | undefined): string | undefined {
  return path ?? process.env.WARDEN_CONFIG ?? (existsSync("warden.config.json") ? "warden.config.json" : undefined);
}

/**
 * Reads and validates the config (JSON with `//` comments, as `warden init` writes it). The
 * environment may set what should not sit in a file or differs per run: WARDEN_REDIS_URL (may carry
 * a password) and WARDEN_PORT (server.port).
 */
export function loadCliConfig(path: string | undefined): WardenConfig {
  const file = configFile(path);
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new ConfigError({ problems: `✖ ${file} cannot be read; check the path given with --config or WARDEN_CONFIG` });
    }
    try {
      raw = JSON.parse(stripJsonComments(text)) as Record<string, unknown>;
    } catch {
      throw new ConfigError({ problems: `✖ ${file} is not valid JSON (// comments allowed); fix or remove it` });
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError({ problems: `✖ ${file} must hold one JSON object` });
  }
  const redisUrl = process.env.WARDEN_REDIS_URL;
  if (redisUrl) {
    const store = (raw.store ?? {}) as Record<string, unknown>;
    raw = { ...raw, store: { ...(store.kind === "redis" ? store : {}), kind: "redis", url: redisUrl } };
  }
  const port = process.env.WARDEN_PORT;
  if (port !== undefined) {
    if (!/^[0-9]{1,5}$/.test(port)) throw new ConfigError({ problems: `✖ WARDEN_PORT must be a port number such as 8787 (it sets server.port)` });
    raw = { ...raw, server: { ...((raw.server ?? {}) as Record<string, unknown>), port: Number(port) } };
  }
  return parseConfig(raw);
}
