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
