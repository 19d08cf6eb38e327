import type { SessionRecord } from "../core/SessionRecord";
import { closestToBreach } from "../guards/closestToBreach";
import type { SigningMetrics } from "./createSigningMetrics";
import { listOpenOrders } from "./listOpenOrders";
import { requireHealthyStore } from "./requireHealthyStore";
import type { SessionView, Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** A session as operators see it: everything but its credential hash, copied. */
function toSessionView(s: SessionRecord): SessionView {
  const { credential_hash: _hidden, ...view } = s;
  return structuredClone(view);
}

/**
 * What operators read and the one exposure change they make by hand: sessions, open orders,
 * closest to breach, Prometheus text, the audit check, and releasing an order's exposure.
 *
 * @param ctx - The Warden's ports.
 * @param metrics - The signing path's metrics (rendered with the gauges computed here).
 * @returns The query operations of a Warden.
 * @example
 * const q = createQueries(ctx, metrics); await q.listOpenOrders()
 */
export function createQueries(
  ctx: WardenContext,
  metrics: SigningMetrics,
): Pick<Warden, "getSession" | "listSessions" | "releaseOrder" | "listOpenOrders" | "closestToBreach" | "metricsText" | "verifyAudit"> {
  const { store, now, risk, live } = ctx;
  const breach: Warden["closestToBreach"] = async ({ strategy_id, token_id, minUtilisationPct }) => {
    // Exposure only: a metrics scrape must not assemble (or persist) anything else of an order's context.
    const exposure = risk.exposure({ tokenId: token_id, strategyId: strategy_id, nowMs: now(), exposure: await store.exposure() });
    if (exposure.status !== "ok") return { status: "unavailable", token_tracked: risk.isTracked(token_id), reason: exposure.reason };
    return { status: "ok", caps: closestToBreach({ exposure: exposure.value, config: live.config.risk.exposure, ...(minUtilisationPct === undefined ? {} : { minUtilisationPct }) }) };
  };
  return {
    async getSession(sessionId) {
      const s = await store.getSession(sessionId);
      if (!s) return undefined;
      // safe-module: both scopes side by side (a drift shows in the activation's fields).
      return ctx.safeSessions && s.safe_grant ? { ...toSessionView(s), safe_scopes: await ctx.safeSessions.describe(s.session_id, s.safe_grant) } : toSessionView(s);
    },
    listSessions: async () => (await store.listSessions()).map(toSessionView),
    async releaseOrder({ intent_id, reason, actor }) {
      await requireHealthyStore(store);
      return store.releaseExposure(intent_id, reason, { kind: "exposure_released", at_ms: now(), payload: { intent_id, reason, actor } });
    },
    listOpenOrders: async () => listOpenOrders({ ledger: await store.exposure() }),
    closestToBreach: breach,
    verifyAudit: () => store.verifyAudit(),

    async metricsText() {
      const at = now();
      const live_sessions = (await store.listSessions()).filter((x) => x.revoked_at_ms === null && x.valid_until_ms >= at);
      const expiry = new Map<string, number>();
      for (const x of live_sessions) {
        const left = Math.floor((x.valid_until_ms - at) / 1000);
        expiry.set(x.scope.strategy_id, Math.min(expiry.get(x.scope.strategy_id) ?? left, left));
      }
      const utilisation: Array<{ labels: Record<string, string>; value: number }> = [];
      for (const strategy of expiry.keys()) {
        for (const token of risk.trackedTokens()) {
          const r = await breach({ strategy_id: strategy, token_id: token, minUtilisationPct: -1 });
          for (const cap of r.status === "ok" ? r.caps : [])
            utilisation.push({ labels: { strategy_id: strategy, level: cap.level, id: cap.id, metric: cap.metric }, value: cap.utilisationPct / 100 });
        }
      }
      const { switches } = await store.killSwitches();
      const health = await store.health();
      // A signed order holds exposure until evidence releases it (never by age): show how many do
      // and how long the oldest has, so a stuck release (no watcher, a CLOB outage) is visible.
      const held = (await store.exposure()).held();
      return metrics.registry.render([
        {
          name: "polytraders_sec_walletpermissionguard_session_expiry_s",
          help: "Seconds until the strategy's soonest-expiring live session expires (seed 004).",
          samples: [...expiry].map(([strategy_id, value]) => ({ labels: { strategy_id }, value })),
        },
        {
          name: "warden_kill_switch_armed",
          help: "1 when the kill switch is armed.",
          samples: switches.map((k) => ({ labels: { scope: k.scope, target: k.target }, value: k.armed ? 1 : 0 })),
        },
        { name: "warden_exposure_open_orders", help: "Signed orders still holding exposure (released only by the order-status watcher, an operator or a confirmed cancel).", samples: [{ labels: {}, value: held.count }] },
        {
          name: "warden_exposure_oldest_open_order_age_seconds",
          help: "Age of the oldest signed order still holding exposure (0 when none).",
          samples: [{ labels: {}, value: held.oldestClockMs === null ? 0 : Math.max(0, (at - held.oldestClockMs) / 1000) }],
        },
        { name: "warden_exposure_utilisation_ratio", help: "Utilisation of every exposure cap an order on a tracked token touches, 0-1 (seed 003 closest to breach).", samples: utilisation },
        ...health.gauges.map((g) => ({ name: g.name, help: g.help, type: g.type ?? "gauge", samples: [{ labels: {}, value: g.value }] })),
      ]);
    },
  };
}
