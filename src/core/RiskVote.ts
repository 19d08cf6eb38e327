import type { ReasonCode } from "./reasonCodes";

/** How a guard runs (seed 004 RiskVote schema). */
export type GuardMode = "shadow_only" | "limited_live" | "hard_guard" | "quarantine";

/**
 * One guard's recorded decision (seed 004 §13). Every decision lands in the audit log.
 */
export type RiskVote = {
  vote_id: string;
  bot_id: string;
  decision: "APPROVE" | "DENY" | "WARN";
  reason_code: ReasonCode | null;
  evidence: Record<string, unknown>;
  inputs_used: string[];
  checked_at: string;
  mode: GuardMode;
};

/**
 * The time part of a vote id: `checked_at` without `-` and `:` (seed 004's `20260509T120000Z` form,
 * with milliseconds). One definition, because the audit log's compact votes rebuild ids from it.
 *
 * @example
 * voteStamp("2026-05-09T12:00:00.000Z") // "20260509T120000.000Z"
 */
export const voteStamp = (checkedAt: string): string => {
  // Every vote of a pipeline run shares its checked_at: keep the last one's stamp.
  if (checkedAt !== stampOf.at) stampOf = { at: checkedAt, stamp: checkedAt.replace(/[-:]/g, "") };
  return stampOf.stamp;
};
let stampOf = { at: "", stamp: "" };
