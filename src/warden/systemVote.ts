import { randomBytes } from "node:crypto";
import type { ReasonCode } from "../core/reasonCodes";
import { type RiskVote, voteStamp } from "../core/RiskVote";

/**
 * A DENY vote Warden casts itself, outside the guard pipeline (a bad credential, an undecodable
 * request, an unavailable store, a replay).
 *
 * @example
 * systemVote("warden.store", "STORE_DATA_UNAVAILABLE", {}, Date.now())
 */
export function systemVote(bot_id: string, code: ReasonCode, evidence: Record<string, unknown>, atMs: number): RiskVote {
  const checked_at = new Date(atMs).toISOString();
  return {
    vote_id: `${bot_id}.${voteStamp(checked_at)}.${randomBytes(4).toString("hex")}`,
    bot_id,
    decision: "DENY",
    reason_code: code,
    evidence,
    inputs_used: [],
    checked_at,
    mode: "hard_guard",
  };
}
