import fc from "fast-check";
import { expect, test } from "vitest";
import { compactVotes, expandVotes } from "../../src/guards/compactVotes";
import type { RiskVote } from "../../src/guards/RiskVote";

const vote: fc.Arbitrary<RiskVote> = fc.record({
  vote_id: fc.string(),
  bot_id: fc.constantFrom("risk.killswitch", "sec.sessionkeymanager", "sec.wallet_permission_guard"),
  decision: fc.constantFrom("APPROVE", "DENY", "WARN"),
  reason_code: fc.constantFrom(null, "KILL_SWITCH_ACTIVE", "PERMISSION_SCOPE_WARN"),
  evidence: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()))),
  inputs_used: fc.array(fc.string()),
  checked_at: fc.constantFrom("2026-11-23T15:00:00.000Z", "2026-11-23T15:00:00.001Z"),
  mode: fc.constantFrom("shadow_only", "limited_live", "hard_guard", "quarantine"),
}) as fc.Arbitrary<RiskVote>;

test("the audit's compact votes expand back to exactly the RiskVotes, through JSON", () => {
  fc.assert(
    fc.property(fc.array(vote, { maxLength: 12 }), (votes) => {
      expect(expandVotes(JSON.parse(JSON.stringify(compactVotes(votes))))).toEqual(votes);
    }),
    { numRuns: 500 },
  );
});
