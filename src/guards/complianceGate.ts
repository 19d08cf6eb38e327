import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard } from "./Guard";
import type { ComplianceGateConfig } from "./riskGuardsConfigSchema";

const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** A blocked country blocks its subdivisions too (`US` blocks `US-NY`); a blocked subdivision only itself. */
function isBlocked(region: string, blocked: readonly string[]): string | null {
  return blocked.find((b) => region === b || region.startsWith(`${b}-`)) ?? null;
}

/**
 * ComplianceGate (seed 003, `risk.compliancegate`). Geofence: denies `RISK_GEOFENCE_BLOCK` when the
 * strategy's declared region or the operator's configured region is blocked (globally or for the
 * session's strategy); with a geofence configured and no valid region known it fails closed
 * (`COMPLIANCE_GATE_DATA_UNAVAILABLE`). Then denies `GOV_STRATEGY_FORBIDDEN_INPUT` when the intent
 * declares an input forbidden globally or for the strategy (names compared case-insensitively).
 * The strategy is the session's (bound to its credential), not the one the caller claims.
 *
 * @param config - `risk.compliance` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * complianceGate(riskGuardsConfigSchema.parse({ compliance: { blocked_regions: ["US"] } }).compliance)
 */
export function complianceGate(config: ComplianceGateConfig): Guard {
  return defineRiskGuard({
    bot_id: "risk.compliancegate",
    mode: config.mode,
    dataUnavailableCode: "COMPLIANCE_GATE_DATA_UNAVAILABLE",
    evaluateOrder(_intent, risk, ctx) {
      const strategyId = ctx.session.scope.strategy_id;
      const inputs_used = ["config.compliance", "declared.region", "declared.inputs"];
      const blocked = [...config.blocked_regions, ...(config.blocked_regions_by_strategy[strategyId] ?? [])];
      if (blocked.length > 0) {
        const declared = risk.declared.region === null ? null : risk.declared.region.trim().toUpperCase();
        if (declared !== null && !REGION.test(declared)) {
          return { deny: { reason_code: "COMPLIANCE_GATE_DATA_UNAVAILABLE", evidence: { source: "declared.region", reason: "invalid" } }, inputs_used };
        }
        const regions = [
          ...(declared === null ? [] : [{ region: declared, of: "strategy" }]),
          ...(config.operator_region === null ? [] : [{ region: config.operator_region, of: "operator" }]),
        ];
        if (regions.length === 0) {
          return { deny: { reason_code: "COMPLIANCE_GATE_DATA_UNAVAILABLE", evidence: { source: "region", reason: "missing" } }, inputs_used };
        }
        for (const { region, of } of regions) {
          const rule = isBlocked(region, blocked);
          if (rule !== null) {
            return { deny: { reason_code: "RISK_GEOFENCE_BLOCK", evidence: { region, region_of: of, blocked_by: rule, strategy_id: strategyId } }, inputs_used };
          }
        }
      }
      const forbidden = new Set([...config.forbidden_inputs, ...(config.forbidden_inputs_by_strategy[strategyId] ?? [])]);
      const used = risk.declared.inputs.filter((i) => forbidden.has(i.trim().toLowerCase()));
      if (used.length > 0) {
        return { deny: { reason_code: "GOV_STRATEGY_FORBIDDEN_INPUT", evidence: { inputs: used, strategy_id: strategyId } }, inputs_used };
      }
      return { inputs_used };
    },
  });
}
