import type { Logger } from "pino";
import { clobApiOf } from "../config/clobApiOf";
import { createClobHeartbeatClient } from "../market/createClobHeartbeatClient";
import type { Warden } from "../warden/Warden";
import { createHeartbeat, type Heartbeat } from "./createHeartbeat";

/** Parameters of {@link heartbeatFromConfig}. */
export type HeartbeatFromConfigParameters = {
  /** The Warden whose health decides; its `config.kill_switch.heartbeat` says whether and how often. */
  warden: Pick<Warden, "config" | "walletAddress" | "store">;
  logger?: Logger;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
};

/**
 * Builds the heartbeat the configuration describes (`kill_switch.heartbeat`, with the wallet's
 * CLOB API key from `kill_switch.clob` or `order_status`), or `null` when it is off. The caller
 * starts it and awaits `stop("shutdown")` before closing Warden.
 *
 * @param parameters - `{ warden, logger?, fetch?, now? }`.
 * @returns The (unstarted) heartbeat, or `null`.
 * @example
 * ```ts
 * const heartbeat = heartbeatFromConfig({ warden, logger });
 * heartbeat?.start();
 * ```
 */
export function heartbeatFromConfig({ warden, logger, fetch, now }: HeartbeatFromConfigParameters): Heartbeat | null {
  const c = warden.config.kill_switch.heartbeat;
  const api = clobApiOf(warden.config);
  // The schema refuses a heartbeat without an API key; both are needed here.
  if (!c || !api) return null;
  const client = createClobHeartbeatClient({
    clobUrl: api.clobUrl,
    credentials: api.credentials,
    address: api.address ?? warden.walletAddress,
    timeoutMs: Math.min(c.timeout_ms, c.interval_ms),
    ...(fetch ? { fetch } : {}),
    ...(now ? { now } : {}),
  });
  return createHeartbeat({ client, store: warden.store, intervalMs: c.interval_ms, ...(logger ? { logger } : {}), ...(now ? { now } : {}) });
}
