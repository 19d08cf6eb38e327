import type { GuardMode } from "../core/RiskVote";
import type { Guard } from "./Guard";
import { killSwitchGuard } from "./killSwitchGuard";
import { riskGuards } from "./riskGuards";
import type { RiskGuardsConfig } from "./riskGuardsConfigSchema";
import { sessionKeyManagerGuard } from "./sessionKeyManagerGuard";
import { walletPermissionGuard } from "./walletPermissionGuard";

/** Parameters of {@link buildPipeline}: the configured risk guards and the two session guards' modes. */
export type BuildPipelineParameters = {
  risk: RiskGuardsConfig;
  sessionKeyManagerMode: GuardMode;
  walletPermissionGuardMode: GuardMode;
  /** The bot family of a strategy (`strategies.<id>.family`), for family kill switches. */
  familyOf?: (strategyId: string) => string | null;
};

/**
 * The ordered guard pipeline (DESIGN.md): KillSwitch, the seed-003/002 risk guards, then the
 * session and wallet-permission guards right before signing (seed 004: "runs after the risk
 * guardrails").
 *
 * @param params - The risk-guard configuration and the session guards' modes.
 * @returns The guards in evaluation order.
 * @example
 * runPipeline(buildPipeline({ risk: config.risk, sessionKeyManagerMode: "hard_guard", walletPermissionGuardMode: "hard_guard" }), intent, ctx)
 */
export function buildPipeline({ risk, sessionKeyManagerMode, walletPermissionGuardMode, familyOf }: BuildPipelineParameters): Guard[] {
  return [
    killSwitchGuard(familyOf ? { familyOf } : {}),
    ...riskGuards(risk),
    sessionKeyManagerGuard({ mode: sessionKeyManagerMode }),
    walletPermissionGuard({ mode: walletPermissionGuardMode }),
  ];
}
