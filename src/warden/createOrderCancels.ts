import type { Logger } from "pino";
import type { ReasonCode } from "../core/reasonCodes";
import type { KillSwitchRecord, KillSwitchScope } from "../core/SessionRecord";
import { type ClobCancelClient, type ClobCancelOutcome, MAX_ORDERS_PER_CANCEL } from "../market/createClobCancelClient";
import type { Store } from "../store/Store";
import type { OpenOrder } from "./listOpenOrders";
import { type ScopeResolvers, ordersInScope } from "./ordersInScope";

/** Why orders are being cancelled: a kill switch was armed, or Warden retires its own old orders (`max_resting_s`). */
export type CancelTrigger = "kill_switch" | "max_resting";

/** An order the CLOB confirmed cancelled. `intent_id` is null for an order Warden did not sign (or no longer counts). */
export type CancelledOrder = { order_hash: string; intent_id: string | null; strategy_id: string | null; released: boolean };

/** A Warden order that was not confirmed cancelled: its exposure is kept. `answer` is the CLOB's (or why there is none). */
export type KeptOrder = { order_hash: string; intent_id: string; strategy_id: string; answer: string };

/** One cancel request as it went out and came back. */
export type CancelRequestRecord = {
  path: "/cancel-all" | "/orders" | "/cancel-market-orders";
  /** How many order ids (`/orders`). */
  orders?: number;
  /** The condition id (`/cancel-market-orders`). */
  market?: string;
  sent_at_ms: number;
  attempts: number;
  ok: boolean;
  status: number | null;
  error?: string;
  /** The CLOB's answer text when it was not a cancel answer (credentials scrubbed, ≤ 500 characters). */
  answer?: string | null;
};

/**
 * What a cancel did, order by order. `cancelled`: confirmed by the CLOB, exposure released
 * (audited, reason `cancelled`). `already_gone`: the CLOB says the order is no longer open
 * (matched, cancelled before, unknown to it) — the exposure is kept until the order-status
 * watcher, an operator or the TTL settles whether it filled. `failed`: no confirmation (an error,
 * a timeout, a refusal, no answer for it) — the exposure is kept and an alert is raised.
 * `complete` means every request was answered and no order failed.
 */
export type CancelReport = {
  id: string;
  trigger: CancelTrigger;
  scope: KillSwitchScope | null;
  target: string | null;
  actor: string;
  status: "complete" | "incomplete" | "not_configured";
  started_at_ms: number;
  finished_at_ms: number;
  requests: CancelRequestRecord[];
  cancelled: CancelledOrder[];
  already_gone: KeptOrder[];
  failed: KeptOrder[];
};

/** A cancel that left orders (possibly) resting: raised to the logs and the `onAlert` callback. */
export type CancelAlert = { alert: "KillSwitchCancelIncomplete"; report: CancelReport };

/** Parameters of {@link createOrderCancels}. */
export type CreateOrderCancelsParameters = ScopeResolvers & {
  /** The CLOB's cancel endpoints as the wallet; null when no API key is configured (nothing is cancelled). */
  client: ClobCancelClient | null;
  /** Warden's open orders now. */
  listOpenOrders: () => Promise<OpenOrder[]>;
  /** Ends a cancelled order's claim on exposure, audited (`warden.releaseOrder`). */
  releaseOrder: (p: { intent_id: string; reason: "cancelled"; actor: string }) => Promise<boolean>;
  /** The markets (condition ids) the configuration assigns to a cluster. */
  clusterMarkets: (clusterId: string) => readonly string[];
  store: Pick<Store, "appendAudit">;
  logger: Logger;
  now: () => number;
  onAlert?: (alert: CancelAlert) => void;
};

/** Cancels of one Warden. */
export type OrderCancels = {
  /** Cancels the resting orders a switch covers (call it once the switch is recorded). Never rejects. */
  forSwitch(k: Pick<KillSwitchRecord, "scope" | "target">, actor: string): Promise<CancelReport>;
  /** Cancels these Warden orders by id. Never rejects. */
  orders(orders: readonly OpenOrder[], trigger: CancelTrigger, actor: string): Promise<CancelReport>;
  /** The latest reports, newest last. */
  reports(): CancelReport[];
};

// The CLOB's not_canceled texts are free text ("already canceled or matched", "order not found"…):
// these say the order is not open any more. Anything else is a failure to cancel an open order.
const GONE = /already|not found|no such|does not exist|unknown order|matched|filled|expired/i;
const KEEP_REPORTS = 50;
const INCOMPLETE: ReasonCode = "KILL_SWITCH_CANCEL_INCOMPLETE";

const failureText = (o: Extract<ClobCancelOutcome, { ok: false }>) =>
  `${o.error}${o.status === null ? "" : ` ${o.status}`} after ${o.attempts} attempt${o.attempts === 1 ? "" : "s"}${o.answer ? `: ${o.answer}` : ""}`;

/**
 * How armed kill switches (and `max_resting_s`) reach the order book: the resting orders in scope
 * are cancelled on the CLOB and only a confirmed cancel releases an order's exposure.
 *
 * - `global` → `DELETE /cancel-all`, sent before anything else is looked up;
 * - `cluster` → `DELETE /cancel-market-orders` for every market of the cluster (configured, plus
 *   those of Warden's open orders in it), whoever's orders they are;
 * - `strategy`, `family` → `DELETE /orders` with the ids of the orders Warden signed for them.
 *
 * Then every Warden order in scope that no answer listed as cancelled is cancelled by id, so each
 * gets a verdict of its own (a partial or failed scope-wide answer is caught here). Each request
 * is retried with backoff within its bound (the client). The report is audited (kind
 * `kill_switch`, event `cancel_report`, `KILL_SWITCH_CANCEL_INCOMPLETE` when not complete);
 * an incomplete one is logged as an alert and passed to `onAlert`.
 *
 * @param parameters - Client, open orders, release, resolvers, audit store, logger, clock, alert callback.
 * @returns The cancels.
 * @example
 * const cancels = createOrderCancels({ client, listOpenOrders, releaseOrder, familyOf, clusterOf, clusterMarkets, store, logger, now });
 * const report = await cancels.forSwitch({ scope: "strategy", target: "nba-mm" }, "kill-switch");
 */
export function createOrderCancels(p: CreateOrderCancelsParameters): OrderCancels {
  const { client, logger, now } = p;
  const log = logger.child({ component: "kill-switch-cancels" });
  const kept: CancelReport[] = [];
  let serial = 0;

  const run = async (
    head: Pick<CancelReport, "trigger" | "scope" | "target" | "actor">,
    /** Scope-wide requests, already under way. */
    wide: Array<{ record: Omit<CancelRequestRecord, "attempts" | "ok" | "status">; outcome: Promise<ClobCancelOutcome> }>,
    known: () => Promise<readonly OpenOrder[]>,
    started: number,
  ): Promise<CancelReport> => {
    const report: CancelReport = {
      id: `cancel-${started}-${++serial}`,
      ...head,
      status: "complete",
      started_at_ms: started,
      finished_at_ms: started,
      requests: [],
      cancelled: [],
      already_gone: [],
      failed: [],
    };
    const cancelled = new Set<string>();
    const notCancelled = new Map<string, string>();
    const record = (r: Omit<CancelRequestRecord, "attempts" | "ok" | "status">, o: ClobCancelOutcome) => {
      report.requests.push({ ...r, attempts: o.attempts, ok: o.ok, status: o.status, ...(o.ok ? {} : { error: o.error, answer: o.answer }) });
      if (!o.ok) return;
      for (const id of o.answer.canceled) cancelled.add(id);
      for (const [id, why] of Object.entries(o.answer.not_canceled)) notCancelled.set(id, why);
    };
    let orders: readonly OpenOrder[] = [];
    try {
      for (const w of wide) record(w.record, await w.outcome);
      orders = await known();
      // Every Warden order no answer confirmed is asked about by id: its own verdict.
      const requestFailure = new Map<string, string>();
      const pending = orders.filter((o) => !cancelled.has(o.order_hash));
      for (let i = 0; i < pending.length; i += MAX_ORDERS_PER_CANCEL) {
        const chunk = pending.slice(i, i + MAX_ORDERS_PER_CANCEL).map((o) => o.order_hash);
        const sent_at_ms = now();
        const o = await (client as ClobCancelClient).cancelOrders(chunk);
        record({ path: "/orders", orders: chunk.length, sent_at_ms }, o);
        if (!o.ok) for (const id of chunk) requestFailure.set(id, failureText(o));
        else for (const id of chunk) if (!cancelled.has(id) && !o.answer.not_canceled[id]) requestFailure.set(id, "the CLOB's answer does not mention this order");
      }
      const mine = new Map<string, OpenOrder>(orders.map((o) => [o.order_hash, o]));
      for (const o of orders) {
        if (cancelled.has(o.order_hash)) continue;
        const why = notCancelled.get(o.order_hash);
        const entry = { order_hash: o.order_hash, intent_id: o.intent_id, strategy_id: o.strategy_id, answer: why ?? requestFailure.get(o.order_hash) ?? "no answer" };
        if (why !== undefined && GONE.test(why) && !requestFailure.has(o.order_hash)) report.already_gone.push(entry);
        else report.failed.push(entry);
      }
      for (const id of cancelled) {
        const o = mine.get(id);
        if (!o) {
          report.cancelled.push({ order_hash: id, intent_id: null, strategy_id: null, released: false });
          continue;
        }
        let released = false;
        try {
          await p.releaseOrder({ intent_id: o.intent_id, reason: "cancelled", actor: head.actor });
          released = true;
        } catch (e) {
          log.error({ intent_id: o.intent_id, order_hash: id, error: e instanceof Error ? e.name : "unknown" }, "cancel confirmed but the release could not be recorded: exposure kept");
        }
        report.cancelled.push({ order_hash: id, intent_id: o.intent_id, strategy_id: o.strategy_id, released });
      }
    } catch (e) {
      // Nothing here may reject (the arm has returned): every order not yet settled is a failure.
      log.error({ error: e instanceof Error ? e.name : "unknown" }, "cancel run failed");
      const settled = new Set([...report.cancelled, ...report.already_gone, ...report.failed].map((o) => o.order_hash));
      for (const o of orders)
        if (!settled.has(o.order_hash)) report.failed.push({ order_hash: o.order_hash, intent_id: o.intent_id, strategy_id: o.strategy_id, answer: "cancel run failed" });
      report.status = "incomplete";
    }
    report.finished_at_ms = now();
    if (report.failed.length > 0 || !report.requests.every((r) => r.ok) || report.cancelled.some((c) => c.intent_id !== null && !c.released)) report.status = "incomplete";
    await finish(report);
    return report;
  };

  const keep = (report: CancelReport) => {
    kept.push(report);
    if (kept.length > KEEP_REPORTS) kept.shift();
  };

  const finish = async (report: CancelReport) => {
    keep(report);
    const summary = {
      report_id: report.id,
      trigger: report.trigger,
      scope: report.scope,
      target: report.target,
      status: report.status,
      cancelled: report.cancelled.length,
      already_gone: report.already_gone.length,
      failed: report.failed.length,
      requests: report.requests.length,
    };
    try {
      await p.store.appendAudit({
        kind: "kill_switch",
        at_ms: report.finished_at_ms,
        payload: { event: "cancel_report", reason_code: report.status === "complete" ? null : INCOMPLETE, ...report },
      });
    } catch {
      log.error(summary, "cancel report could not be audited: store unavailable");
    }
    if (report.status === "complete") log.warn(summary, "resting orders cancelled");
    else {
      log.error({ ...summary, alert: "KillSwitchCancelIncomplete", reason_code: INCOMPLETE }, "resting orders may still be on the book: their exposure is kept");
      try {
        p.onAlert?.({ alert: "KillSwitchCancelIncomplete", report });
      } catch {
        log.error({ report_id: report.id }, "alert callback threw");
      }
    }
  };

  const notConfigured = (head: Pick<CancelReport, "trigger" | "scope" | "target" | "actor">): CancelReport => {
    const at = now();
    log.warn({ scope: head.scope, target: head.target, fix: "set kill_switch.clob (or order_status) with the wallet's CLOB API key" }, "no CLOB API key: resting orders are not cancelled");
    const report: CancelReport = { id: `cancel-${at}-${++serial}`, ...head, status: "not_configured", started_at_ms: at, finished_at_ms: at, requests: [], cancelled: [], already_gone: [], failed: [] };
    keep(report);
    return report;
  };

  const openNow = async () => p.listOpenOrders();

  return {
    async forSwitch(k, actor) {
      const head = { trigger: "kill_switch" as const, scope: k.scope, target: k.target, actor };
      if (!client) return notConfigured(head);
      const started = now();
      // The global cancel goes out first, before any lookup: every millisecond an order rests counts.
      const wide: Parameters<typeof run>[1] = k.scope === "global" ? [{ record: { path: "/cancel-all", sent_at_ms: started }, outcome: client.cancelAll() }] : [];
      let inScope: Promise<OpenOrder[]> | null = null;
      const known = () => (inScope ??= openNow().then((orders) => ordersInScope(orders, k, p)));
      if (k.scope === "cluster") {
        const markets = new Set([...p.clusterMarkets(k.target).map((m) => m.toLowerCase()), ...(await known().catch(() => [])).map((o) => o.condition_id.toLowerCase())]);
        for (const market of markets) wide.push({ record: { path: "/cancel-market-orders", market, sent_at_ms: now() }, outcome: client.cancelMarketOrders({ market }) });
      }
      return run(head, wide, known, started);
    },
    async orders(orders, trigger, actor) {
      const head = { trigger, scope: null, target: null, actor };
      if (!client) return notConfigured(head);
      return run(head, [], async () => orders, now());
    },
    reports: () => [...kept],
  };
}
