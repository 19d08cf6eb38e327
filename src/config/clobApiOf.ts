import type { ClobApiCredentials } from "../market/createClobL2Headers";
import type { WardenConfig } from "./wardenConfigSchema";

/** Where and as whom Warden talks to the CLOB with the wallet's L2 API key. */
export type ClobApi = {
  clobUrl: string;
  /** Secrets: hand them to the CLOB clients and nowhere else. */
  credentials: ClobApiCredentials;
  /** The address the key belongs to, when configured (default: the wallet's). */
  address: string | undefined;
  /** Which section they came from, for logs. */
  section: "kill_switch.clob" | "order_status";
};

/**
 * The wallet's CLOB L2 API key for cancels and heartbeats: `kill_switch.clob`, else the
 * `order_status` watcher's (one key per wallet: it need not be written twice), else none.
 *
 * @param config - The validated configuration.
 * @returns The API access, or null when neither section is configured.
 * @example
 * const api = clobApiOf(warden.config); // { clobUrl: "https://clob.polymarket.com", credentials, address, section }
 */
export function clobApiOf(config: Pick<WardenConfig, "kill_switch" | "order_status">): ClobApi | null {
  const c = config.kill_switch.clob ?? config.order_status;
  if (!c) return null;
  return {
    clobUrl: c.clob_url,
    credentials: { key: c.api_key, secret: c.api_secret, passphrase: c.api_passphrase },
    address: c.address,
    section: config.kill_switch.clob ? "kill_switch.clob" : "order_status",
  };
}
