import type { RiskVote } from "../core/RiskVote";
import { WardenError } from "./WardenError";

/**
 * A run-time override was refused by the ManualOverrideAuditor (seed 001). Carries the audited vote.
 *
 * @example
 * try { await warden.requestOverride(req) } catch (e) {
 *   if (e instanceof OverrideDeniedError) e.vote.reason_code // "OVERRIDE_AUDITOR_NO_JUSTIFICATION"
 * }
 */
export class OverrideDeniedError extends WardenError {
  override name = "OverrideDeniedError";
  readonly vote: RiskVote;
  constructor({ vote }: { vote: RiskVote }) {
    super({
      code: "WARDEN_ERR_OVERRIDE_DENIED",
      ...(vote.reason_code ? { reasonCode: vote.reason_code } : {}),
      details: { evidence: vote.evidence },
    });
    this.vote = vote;
  }
}
