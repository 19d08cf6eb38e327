import type { OrderIntent } from "../core/SigningIntent";
import type { Guard, GuardContext, GuardVerdict } from "./Guard";
import type { ReasonCode } from "../core/reasonCodes";
import type { RiskContext } from "./RiskContext";
import type { GuardMode } from "../core/RiskVote";

/** Parameters of {@link defineRiskGuard}. */
export type DefineRiskGuardParameters = {
  bot_id: string;
  mode: GuardMode;
  dataUnavailableCode: ReasonCode;
  /** Judges one order with its risk snapshot; pure. */
  evaluateOrder(intent: OrderIntent, risk: RiskContext, ctx: GuardContext): GuardVerdict;
};

/**
 * Wraps an order check into a {@link Guard} with the rules every risk guard shares: only orders
 * are judged (ClobAuth and other intents have no market, so they pass with `inputs_used: []`), and
 * an order without a risk snapshot is denied with the guard's data-unavailable code.
 *
 * @param parameters - `{ bot_id, mode, dataUnavailableCode, evaluateOrder }`.
 * @returns The guard.
 * @example
 * const guard = defineRiskGuard({
 *   bot_id: "risk.example",
 *   mode: "hard_guard",
 *   dataUnavailableCode: "MARKET_HALT_GUARD_DATA_UNAVAILABLE",
 *   evaluateOrder: () => ({ inputs_used: [] }),
 * })
 */
export function defineRiskGuard({ bot_id, mode, dataUnavailableCode, evaluateOrder }: DefineRiskGuardParameters): Guard {
  return {
    bot_id,
    mode,
    dataUnavailableCode,
    evaluate(intent, ctx) {
      if (intent.kind !== "order") return { inputs_used: [] };
      if (ctx.risk === undefined) {
        return { deny: { reason_code: dataUnavailableCode, evidence: { source: "risk_context", reason: "missing" } }, inputs_used: [] };
      }
      return evaluateOrder(intent, ctx.risk, ctx);
    },
  };
}
