import type { RiskVote } from "./RiskVote";

/** RiskVotes as the audit log stores them: defaults omitted, the shared check time once. */
export type CompactVotes = {
  checked_at: string;
  votes: Array<Omit<RiskVote, "checked_at" | "reason_code" | "evidence" | "mode"> & Partial<Pick<RiskVote, "checked_at" | "reason_code" | "evidence" | "mode">>>;
};

/**
 * Shrinks a decision's RiskVotes for the audit log without losing anything: `reason_code: null`,
 * empty `evidence`, `mode: "hard_guard"` and a `checked_at` equal to the decision's are omitted.
 * Every audit record is fsynced, so its size is what a durable decision costs.
 * {@link expandVotes} restores the exact votes.
 *
 * @example
 * expandVotes(compactVotes(votes)) // deep-equals votes
 */
export function compactVotes(votes: readonly RiskVote[]): CompactVotes {
  const checked_at = votes[0]?.checked_at ?? "";
  return {
    checked_at,
    votes: votes.map((v) => {
      const { checked_at: at, reason_code, evidence, mode, ...rest } = v;
      return {
        ...rest,
        ...(at === checked_at ? {} : { checked_at: at }),
        ...(reason_code === null ? {} : { reason_code }),
        ...(Object.keys(evidence).length === 0 ? {} : { evidence }),
        ...(mode === "hard_guard" ? {} : { mode }),
      };
    }),
  };
}

/**
 * Restores the RiskVotes {@link compactVotes} stored.
 *
 * @example
 * expandVotes(JSON.parse(record.payload_json).votes)
 */
export function expandVotes(compact: CompactVotes): RiskVote[] {
  return compact.votes.map((v) => ({
    vote_id: v.vote_id,
    bot_id: v.bot_id,
    decision: v.decision,
    reason_code: v.reason_code ?? null,
    evidence: v.evidence ?? {},
    inputs_used: v.inputs_used,
    checked_at: v.checked_at ?? compact.checked_at,
    mode: v.mode ?? "hard_guard",
  }));
}
