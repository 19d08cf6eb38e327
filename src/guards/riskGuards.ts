import { blacklistKeeper } from "./blacklistKeeper";
import { complianceGate } from "./complianceGate";
import { drawdownGuard } from "./drawdownGuard";
import { exposureGuard } from "./exposureGuard";
import type { Guard } from "./Guard";
import { marketHaltGuard } from "./marketHaltGuard";
import { marketQualityGuard } from "./marketQualityGuard";
import type { RiskGuardsConfig } from "./riskGuardsConfigSchema";
import { staleBookGuard } from "./staleBookGuard";

/**
 * The seven risk guards in the seeds' order (seed 003's pipeline with seed 002's BlacklistKeeper
 * after the market checks): ComplianceGate → MarketHaltGuard → StaleBookGuard →
 * MarketQualityGuard → BlacklistKeeper → ExposureGuard → DrawdownGuard. KillSwitch goes before
 * them and SessionKeyManager / WalletPermissionGuard after, where Warden builds the pipeline.
 *
 * @param config - Validated {@link riskGuardsConfigSchema}.
 * @returns The guards, in pipeline order.
 * @example
 * const guards = [killSwitchGuard(), ...riskGuards(riskGuardsConfigSchema.parse({})), sessionKeyManagerGuard({ mode }), walletPermissionGuard({ mode })]
 */
export function riskGuards(config: RiskGuardsConfig): Guard[] {
  return [
    complianceGate(config.compliance),
    marketHaltGuard(config.market_halt),
    staleBookGuard(config.stale_book),
    marketQualityGuard(config.market_quality),
    blacklistKeeper(config.blacklist),
    exposureGuard(config.exposure),
    drawdownGuard(config.drawdown),
  ];
}
