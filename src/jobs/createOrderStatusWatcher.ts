import type { Logger } from "pino";
import type { Warden } from "../warden/Warden";
import { createMetrics } from "../log/createMetrics";
import { classifyClobOrder, type OrderStatusKeepCode } from "../market/classifyClobOrder.js";
import type { ClobOrderStatusSource } from "../market/createClobOrderStatusSource.js";
import { MarketDataMismatchError, MarketDataUnavailableError } from "../errors/marketErrors.js";
import type { OpenOrder } from "../warden/listOpenOrders.js";

/** Why a poll kept an order's exposure: the classification's codes plus every failure's. */
export type OrderStatusWatcherKeepCode =
  | OrderStatusKeepCode
  | "ORDER_STATUS_TIMEOUT"
  | "ORDER_STATUS_NETWORK"
  | "ORDER_STATUS_HTTP_STATUS"
  | "ORDER_STATUS_MALFORMED"
  | "ORDER_STATUS_SCHEMA"
  | "ORDER_STATUS_NOT_FOUND"
  | "ORDER_STATUS_UNAVAILABLE"
  | "ORDER_STATUS_RELEASE_FAILED";

/** Parameters of {@link createOrderStatusWatcher}. */
export type CreateOrderStatusWatcherParameters = {
  /** The Warden whose open orders are watched (only these two methods are used). */
  warden: Pick<Warden, "listOpenOrders" | "releaseOrder">;
  /** Where order states come from (`createClobOrderStatusSource`). */
  source: Pick<ClobOrderStatusSource, "getOrder">;
  /** Pause between the end of one poll and the start of the next, ms. */
  pollIntervalMs: number;
  /** Orders asked about at the same time. */
  maxConcurrency: number;
  /** Recorded as the release's actor in the audit log (default `order-status-watcher`). */
  actor?: string;
  logger?: Logger;
};

/** What one poll did. */
export type OrderStatusPollReport = {
  polled: number;
  released: Array<{ intent_id: string; order_hash: string; reason: "cancelled" | "filled"; status: string }>;
  kept: Array<{ intent_id: string; order_hash: string; code: OrderStatusWatcherKeepCode }>;
};

/** A running (or stopped) watcher. */
export type OrderStatusWatcher = {
  /** Polls now and then every `pollIntervalMs` after each poll ends; idempotent. */
  start(): void;
  /** Stops the timer and resolves once the poll in flight (if any) has finished. */
  stop(): Promise<void>;
  /** One poll of every open order (waits for a poll in flight first; polls never overlap). */
  pollOnce(): Promise<OrderStatusPollReport>;
  /** Prometheus text of the watcher's counters. */
  metricsText(): string;
};

const codeOfError = (e: unknown): OrderStatusWatcherKeepCode => {
  if (e instanceof MarketDataMismatchError) return "ORDER_STATUS_ID_MISMATCH";
  if (!(e instanceof MarketDataUnavailableError)) return "ORDER_STATUS_UNAVAILABLE";
  switch (e.reason) {
    case "timeout":
      return "ORDER_STATUS_TIMEOUT";
    case "network":
      return "ORDER_STATUS_NETWORK";
    case "http_status":
      return "ORDER_STATUS_HTTP_STATUS";
    case "malformed_json":
      return "ORDER_STATUS_MALFORMED";
    case "schema_mismatch":
      return "ORDER_STATUS_SCHEMA";
    case "not_found":
      return "ORDER_STATUS_NOT_FOUND";
    default:
      return "ORDER_STATUS_UNAVAILABLE";
  }
};

/** Codes of orders that are simply still working: logged at debug, not warn. */
const ROUTINE: ReadonlySet<OrderStatusWatcherKeepCode> = new Set(["ORDER_STATUS_OPEN", "ORDER_STATUS_PARTIAL"]);

/**
 * Ends the exposure of signed orders the CLOB reports cancelled or fully filled, off the signing
 * path. Each poll lists Warden's open orders (`warden.listOpenOrders()`), asks the CLOB for each
 * (at most `maxConcurrency` at a time; the source's timeout bounds each request) and calls
 * `warden.releaseOrder({ intent_id, reason, actor })` only when {@link classifyClobOrder} says the
 * schema-valid answer for exactly that order id is terminal: `cancelled` or `filled`.
 *
 * Fail closed: a release loosens risk limits, so everything else keeps the exposure — a timeout,
 * a network error, a non-2xx, a body that is not JSON or not an order, another order's id, 404 or an
 * empty answer, an unknown status, a live or partly matched order. Each kept order is counted by
 * code (`warden_order_status_kept_total{code}`) and logged with a stable `code`: at warn for
 * failures and unknown answers, at debug for orders that are simply still working.
 *
 * @param parameters - `{ warden, source, pollIntervalMs, maxConcurrency, actor?, logger? }`.
 * @returns The watcher (not started).
 *
 * @example
 * ```ts
 * const watcher = createOrderStatusWatcher({
 *   warden,
 *   source: createClobOrderStatusSource({ credentials, address: warden.walletAddress }),
 *   pollIntervalMs: 30_000,
 *   maxConcurrency: 4,
 * });
 * watcher.start();
 * // … on shutdown:
 * await watcher.stop();
 * ```
 */
export function createOrderStatusWatcher({
  warden,
  source,
  pollIntervalMs,
  maxConcurrency,
  actor = "order-status-watcher",
  logger,
}: CreateOrderStatusWatcherParameters): OrderStatusWatcher {
  const log = logger?.child({ component: "order-status-watcher" });
  const metrics = createMetrics({
    warden_order_status_polls_total: { type: "counter", help: "Order-status polls run by the watcher." },
    warden_order_status_releases_total: { type: "counter", help: "Orders whose exposure the watcher released, by reason." },
    warden_order_status_kept_total: { type: "counter", help: "Order checks that kept the order's exposure, by code." },
  });
  const workers = Math.max(1, Math.floor(maxConcurrency));
  let current: Promise<OrderStatusPollReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  const check = async (order: OpenOrder, report: OrderStatusPollReport): Promise<void> => {
    const at = { intent_id: order.intent_id, order_hash: order.order_hash, strategy_id: order.strategy_id };
    const keep = (code: OrderStatusWatcherKeepCode, fields: Record<string, unknown> = {}) => {
      report.kept.push({ intent_id: order.intent_id, order_hash: order.order_hash, code });
      metrics.inc("warden_order_status_kept_total", { code });
      if (ROUTINE.has(code)) log?.debug({ ...at, code, ...fields }, "order still open: exposure kept");
      else log?.warn({ ...at, code, ...fields }, "order status not definitive: exposure kept");
    };
    let verdict;
    try {
      verdict = classifyClobOrder({ orderHash: order.order_hash, order: await source.getOrder(order.order_hash) });
    } catch (e) {
      const fields =
        e instanceof MarketDataUnavailableError
          ? { error: e.name, reason: e.reason, ...(e.detail === undefined ? {} : { detail: e.detail }) }
          : { error: e instanceof Error ? e.name : "unknown" };
      keep(codeOfError(e), fields);
      return;
    }
    if (verdict.action === "keep") {
      keep(verdict.code, { status: verdict.status });
      return;
    }
    try {
      const released = await warden.releaseOrder({ intent_id: order.intent_id, reason: verdict.reason, actor });
      report.released.push({ intent_id: order.intent_id, order_hash: order.order_hash, reason: verdict.reason, status: verdict.status });
      if (released) {
        metrics.inc("warden_order_status_releases_total", { reason: verdict.reason });
        log?.info({ ...at, reason: verdict.reason, status: verdict.status, actor }, "order exposure released");
      } else log?.debug({ ...at, reason: verdict.reason }, "order was already released");
    } catch (e) {
      keep("ORDER_STATUS_RELEASE_FAILED", { error: e instanceof Error ? e.name : "unknown" });
    }
  };

  const run = async (): Promise<OrderStatusPollReport> => {
    const report: OrderStatusPollReport = { polled: 0, released: [], kept: [] };
    metrics.inc("warden_order_status_polls_total");
    let orders: OpenOrder[];
    try {
      orders = await warden.listOpenOrders();
    } catch (e) {
      log?.warn({ code: "ORDER_STATUS_UNAVAILABLE", error: e instanceof Error ? e.name : "unknown" }, "open orders could not be listed");
      return report;
    }
    report.polled = orders.length;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < orders.length) await check(orders[next++] as OpenOrder, report);
    };
    await Promise.all(Array.from({ length: Math.min(workers, orders.length) }, worker));
    return report;
  };

  const pollOnce = async (): Promise<OrderStatusPollReport> => {
    while (current) await current.catch(() => undefined);
    const poll = run().finally(() => {
      current = null;
    });
    current = poll;
    return poll;
  };

  const loop = (): void => {
    if (!running) return;
    void pollOnce().finally(() => {
      if (!running) return;
      timer = setTimeout(loop, pollIntervalMs);
      timer.unref();
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      while (current) await current.catch(() => undefined);
    },
    pollOnce,
    metricsText: () => metrics.render(),
  };
}
