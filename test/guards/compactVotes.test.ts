import fc from "fast-check";
import { expect, test } from "vitest";
import { compactVotes, expandVotes } from "../../src/guards/compactVotes";
import type { RiskVote } from "../../src/core/RiskVote";

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

test("pipeline-shaped vote ids, APPROVE and repeated inputs are omitted, and still expand exactly", () => {
  const checkedAt = fc.constantFrom("2026-11-23T15:00:00.000Z", "2026-11-23T15:00:00.001Z");
  const votes = fc
    .tuple(fc.stringMatching(/^[0-9a-f]{1,12}$/), fc.array(fc.tuple(vote, fc.boolean(), checkedAt), { minLength: 1, maxLength: 12 }))
    .map(([run, vs]) =>
      vs.map(([v, derived, at], i) => ({
        ...v,
        checked_at: at,
        vote_id: derived ? `${v.bot_id}.${at.replace(/[-:]/g, "")}.${run}.${i}` : v.vote_id,
      })),
    );
  fc.assert(
    fc.property(votes, (vs) => {
      expect(expandVotes(JSON.parse(JSON.stringify(compactVotes(vs))))).toEqual(vs);
    }),
    { numRuns: 1000 },
  );
});

test("a vote id one character off the pipeline's shape is kept as it is: it expands exactly", () => {
  const at = "2026-11-23T15:00:00.000Z";
  const stamp = at.replace(/[-:]/g, "");
  // The first vote fixes the run ("ab12"); each later one is vote i's derived id, bent once.
  const bends = fc.constantFrom(
    (id: string) => `${id}0`,
    (id: string) => id.slice(0, -1),
    (id: string) => `x${id}`,
    (id: string) => id.replace(`.${stamp}.`, `.${stamp}0.`),
    (id: string) => id.replace(".ab12.", ".ab1.2."),
    (id: string) => id.replace(".ab12.", "_ab12."),
    (id: string) => id,
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(vote, bends), { minLength: 1, maxLength: 12 }), (vs) => {
      const votes = vs.map(([v, bend], i) => ({ ...v, checked_at: at, vote_id: i === 0 ? `${v.bot_id}.${stamp}.ab12.0` : bend(`${v.bot_id}.${stamp}.ab12.${i}`) }));
      const compact = compactVotes(votes);
      expect(expandVotes(JSON.parse(JSON.stringify(compact)))).toEqual(votes);
      // Exactly the ids that are not derivable are stored.
      compact.votes.forEach((c, i) => expect(c.vote_id === undefined).toBe(votes[i]?.vote_id === `${votes[i]?.bot_id}.${stamp}.ab12.${i}`));
    }),
    { numRuns: 1000 },
  );
});

test("a real pipeline's approval shrinks to well under half its full JSON", () => {
  const at = "2026-11-23T15:00:00.000Z";
  const inputs = ["session.lifetime", "session.calls_used", "session.last_used", "session.strategy_id"];
  const votes: RiskVote[] = ["risk.killswitch", "sec.sessionkeymanager", "sec.sessionkeymanager", "sec.wallet_permission_guard"].map((bot_id, i) => ({
    vote_id: `${bot_id}.20261123T150000.000Z.ab12cd7.${i}`,
    bot_id,
    decision: "APPROVE",
    reason_code: i === 1 ? "SESSION_ABOUT_TO_EXPIRE" : null,
    evidence: {},
    inputs_used: inputs,
    checked_at: at,
    mode: "hard_guard",
  }));
  const compact = compactVotes(votes);
  expect(compact.run).toBe("ab12cd7");
  expect(compact.votes.every((v) => v.vote_id === undefined && v.decision === undefined)).toBe(true);
  expect(compact.votes[2]?.inputs_used).toBeUndefined();
  expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(votes).length / 2);
  expect(expandVotes(compact)).toEqual(votes);
});
