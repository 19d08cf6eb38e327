import type { GuardMode } from "../core/RiskVote";
import type { Guard } from "./Guard";
import { killSwitchGuard } from "./killSwitchGuard";
import { riskGuards } from "./riskGuards";
import type { RiskGuardsConfig } from "./riskGuardsConfigSchema";
import { sessionKeyManagerGuard } from "./sessionKeyManagerGuard";
import { type SessionScopeGuardParameters, sessionScopeGuard } from "./sessionScopeGuard";
import { walletPermissionGuard } from "./walletPermissionGuard";

/** Parameters of {@link buildPipeline}: the configured risk guards, the two session guards' modes and the ClobAuth settings. */
export type BuildPipelineParameters = {
  risk: RiskGuardsConfig;
  sessionKeyManagerMode: GuardMode;
  walletPermissionGuardMode: GuardMode;
  clobAuth: SessionScopeGuardParameters;
  /** The bot family of a strategy (`strategies.<id>.family`), for family kill switches. */
  familyOf?: (strategyId: string) => string | null;
};

/**
 * The ordered guard pipeline (DESIGN.md): KillSwitch, the seed-003/002 risk guards, then the
 * session and wallet-permission guards right before signing (seed 004: "runs after the risk
 * guardrails"), and last the session's own scope limits (price band, ClobAuth), which no mode shadows.
 *
 * @param params - The risk-guard configuration and the session guards' modes.
 * @returns The guards in evaluation order.
 * @example
 * runPipeline(buildPipeline({ risk: config.risk, sessionKeyManagerMode: "hard_guard", walletPermissionGuardMode: "hard_guard", clobAuth: { allowClobAuth: false, clobAuthPerHour: 3 } }), intent, ctx)
 */
export function buildPipeline({ risk, sessionKeyManagerMode, walletPermissionGuardMode, clobAuth, familyOf }: BuildPipelineParameters): Guard[] {
  return [
    killSwitchGuard(familyOf ? { familyOf } : {}),
    ...riskGuards(risk),
    sessionKeyManagerGuard({ mode: sessionKeyManagerMode }),
    walletPermissionGuard({ mode: walletPermissionGuardMode }),
    sessionScopeGuard(clobAuth),
  ];
}
