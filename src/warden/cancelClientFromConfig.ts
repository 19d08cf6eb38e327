import { clobApiOf } from "../config/clobApiOf";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { type ClobCancelClient, createClobCancelClient } from "../market/createClobCancelClient";

/**
 * The CLOB cancel client an armed kill switch uses, from the configuration: the wallet's L2 API
 * key (`kill_switch.clob`, else `order_status`'s) and `kill_switch.cancel`'s bounds; null when no
 * key is configured (then a switch stops signing but cancels nothing).
 *
 * @param config - The validated configuration.
 * @param wallet - The wallet's address (the key's address unless configured otherwise).
 * @param now - Clock in unix ms.
 * @returns The client, or null.
 * @example
 * const client = cancelClientFromConfig(config, wallet.address, Date.now);
 */
export function cancelClientFromConfig(config: Pick<WardenConfig, "kill_switch" | "order_status">, wallet: string, now: () => number): ClobCancelClient | null {
  const api = clobApiOf(config);
  if (!api) return null;
  const c = config.kill_switch.cancel;
  return createClobCancelClient({
    clobUrl: api.clobUrl,
    credentials: api.credentials,
    address: api.address ?? wallet,
    timeoutMs: c.timeout_ms,
    maxAttempts: c.max_attempts,
    backoffMs: c.backoff_ms,
    deadlineMs: c.deadline_ms,
    now,
  });
}
