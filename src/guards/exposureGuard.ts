import { defineRiskGuard } from "./defineRiskGuard";
import { exposureMetrics } from "./exposureMetrics";
import type { Guard, GuardFinding, GuardVerdict } from "./Guard";
import { resolveExposureLimits } from "./resolveExposureLimits";
import type { ExposureGuardConfig } from "./riskGuardsConfigSchema";

/**
 * ExposureGuard (seed 003, `risk.exposureguard`). Adds the order to the exposure Warden already
 * carries (gross += notional; net += notional for BUY, −notional for SELL) and, in bigint pUSD base
 * units, denies:
 * - `RISK_EXPOSURE_CAP_HIT` (evidence `level`, `id`, `metric`, `cap`, `after`) when the order
 *   exceeds the strategy's max order size, or would take a gross or |net| cap at the global,
 *   cluster, market or strategy level above the cap, or add a new instrument to a cluster already
 *   at its max. Exactly at a cap passes. A cap is only enforced against an order that raises
 *   that quantity, so an order that reduces |net| is never refused by a net cap;
 * - `EXEC_RATE_LIMIT_EXCEEDED` (level `throttle`) when the strategy's envelopes/min or
 *   notional/min throttle would be exceeded.
 * Warns `RISK_STRATEGY_CAP_NEAR` when a per-strategy gross or net cap would be more than 80 %
 * used, `EXEC_RATE_LIMIT_NEAR` when a throttle would be. Limits follow seed 003's override tables
 * ({@link resolveExposureLimits}). Exposure or cluster unavailable, or a view that does not match
 * the order (cluster, condition id, the session's strategy) → `EXPOSURE_GUARD_DATA_UNAVAILABLE`.
 * `ExposureView.market.id` is the condition id; a cluster instrument is matched by token or
 * condition id.
 *
 * @param config - `risk.exposure` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * exposureGuard(riskGuardsConfigSchema.parse({ exposure: { global_gross_cap_usd: 250_000 } }).exposure)
 */
export function exposureGuard(config: ExposureGuardConfig): Guard {
  return defineRiskGuard({
    bot_id: "risk.exposureguard",
    mode: config.mode,
    dataUnavailableCode: "EXPOSURE_GUARD_DATA_UNAVAILABLE",
    evaluateOrder(intent, risk, ctx): GuardVerdict {
      const inputs_used = ["internal.exposure", "internal.throttles", "clusters.cluster_of_token", "order.notional"];
      const unavailable = (evidence: Record<string, unknown>): GuardVerdict => ({
        deny: { reason_code: "EXPOSURE_GUARD_DATA_UNAVAILABLE", evidence },
        inputs_used,
      });
      if (risk.exposure.status === "unavailable") return unavailable({ source: "exposure", reason: risk.exposure.reason });
      if (risk.cluster.status === "unavailable") return unavailable({ source: "cluster", reason: risk.cluster.reason });
      const view = risk.exposure.value;
      const { clusterId, conditionId, tokenId } = risk.cluster;
      const strategyId = ctx.session.scope.strategy_id;
      if (tokenId !== intent.order.tokenId.toString()) return unavailable({ source: "cluster", reason: "token_mismatch" });
      if (view.cluster.id !== clusterId) return unavailable({ source: "exposure", reason: "cluster_mismatch", view: view.cluster.id, order: clusterId });
      if (view.market.id.toLowerCase() !== conditionId) return unavailable({ source: "exposure", reason: "market_mismatch" });
      if (view.strategy.id !== strategyId) return unavailable({ source: "exposure", reason: "strategy_mismatch" });

      const limits = resolveExposureLimits({ config, clusterId, marketId: conditionId, strategyId });
      const n = intent.notional_micros;
      if (n > limits.strategy.maxOrderSizeMicros) {
        return {
          deny: { reason_code: "RISK_EXPOSURE_CAP_HIT", evidence: { level: "strategy", id: strategyId, metric: "max_order_size", cap: limits.strategy.maxOrderSizeMicros, after: n } },
          inputs_used,
        };
      }
      const newInstrument = !view.cluster.instrumentIds.some((i) => i === tokenId || i.toLowerCase() === conditionId);
      const metrics = exposureMetrics(view, limits, { notionalMicros: n, side: intent.side, newInstrument });
      const annotations: GuardFinding[] = [];
      for (const m of metrics) {
        const evidence = { level: m.level, id: m.id, metric: m.metric, cap: m.cap, after: m.after };
        if (m.after > m.cap && m.after > m.before) return { deny: { reason_code: m.hitCode, evidence }, inputs_used };
        // Strictly above 80 %, compared in integers.
        if (m.nearCode !== null && m.after * 10n > m.cap * 8n) annotations.push({ reason_code: m.nearCode, evidence });
      }
      return { annotations, inputs_used };
    },
  });
}
