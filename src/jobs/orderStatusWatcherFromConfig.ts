import type { Logger } from "pino";
import type { Warden } from "../warden/Warden";
import { createClobOrderStatusSource } from "../market/createClobOrderStatusSource.js";
import { createOrderStatusWatcher, type OrderStatusWatcher } from "./createOrderStatusWatcher.js";

/** Parameters of {@link orderStatusWatcherFromConfig}. */
export type OrderStatusWatcherFromConfigParameters = {
  /** The Warden to watch; its `config.order_status` says whether and how. */
  warden: Pick<Warden, "config" | "walletAddress" | "listOpenOrders" | "releaseOrder">;
  logger?: Logger;
  /** Injected `fetch` (tests); defaults to Node's global. */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
};

/**
 * Builds the order-status watcher the configuration describes, or `null` when the `order_status`
 * section is absent (the offline default: no CLOB credentials, no watcher) — then it warns that a
 * signed order's exposure can only be released by an operator (`POST /v1/orders/release`) or a
 * confirmed cancel: age never releases it. The caller starts the watcher and awaits `stop()`
 * before closing Warden.
 *
 * @param parameters - `{ warden, logger?, fetch?, now? }`.
 * @returns The (unstarted) watcher, or `null`.
 *
 * @example
 * ```ts
 * const watcher = orderStatusWatcherFromConfig({ warden, logger });
 * watcher?.start();
 * // on shutdown
 * await watcher?.stop();
 * await warden.close();
 * ```
 */
export function orderStatusWatcherFromConfig({ warden, logger, fetch, now }: OrderStatusWatcherFromConfigParameters): OrderStatusWatcher | null {
  const c = warden.config.order_status;
  if (!c) {
    logger?.warn(
      { component: "order_status", order_status_watcher: false },
      "no order-status watcher (config order_status is absent): a signed order's exposure is released only by an operator (POST /v1/orders/release) or a confirmed cancel, never by its age; add order_status to release filled and cancelled orders automatically",
    );
    return null;
  }
  const source = createClobOrderStatusSource({
    clobUrl: c.clob_url,
    credentials: { key: c.api_key, secret: c.api_secret, passphrase: c.api_passphrase },
    address: c.address ?? warden.walletAddress,
    timeoutMs: c.timeout_ms,
    ...(fetch ? { fetch } : {}),
    ...(now ? { now } : {}),
  });
  return createOrderStatusWatcher({
    warden,
    source,
    pollIntervalMs: c.poll_interval_s * 1000,
    maxConcurrency: c.max_concurrency,
    ...(logger ? { logger } : {}),
  });
}
