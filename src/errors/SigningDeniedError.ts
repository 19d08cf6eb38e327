import type { RiskVote } from "../core/RiskVote";
import { WardenError } from "./WardenError";

/**
 * Warden refused to sign. Carries the deciding {@link RiskVote} (reason code, evidence) and every
 * vote the pipeline recorded for the request.
 *
 * @example
 * try { await account.signTypedData(permit) } catch (e) {
 *   if (e instanceof SigningDeniedError) e.vote.reason_code // "WALLET_PERMISSION_DENIED"
 * }
 */
export class SigningDeniedError extends WardenError {
  override name = "SigningDeniedError";
  readonly vote: RiskVote;
  readonly votes: readonly RiskVote[];
  readonly intentId: string | null;

  constructor({ vote, votes, intentId }: { vote: RiskVote; votes: readonly RiskVote[]; intentId: string | null }) {
    super({
      code: "WARDEN_ERR_SIGNING_DENIED",
      ...(vote.reason_code ? { reasonCode: vote.reason_code } : {}),
      details: { bot_id: vote.bot_id, intent_id: intentId },
    });
    this.vote = vote;
    this.votes = votes;
    this.intentId = intentId;
  }
}
