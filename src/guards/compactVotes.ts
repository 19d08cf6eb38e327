import { type RiskVote, voteStamp } from "../core/RiskVote";

type CompactVote = Partial<RiskVote> & Pick<RiskVote, "bot_id">;

/** RiskVotes as the audit log stores them: defaults and derivable fields omitted. */
export type CompactVotes = {
  checked_at: string;
  /** The pipeline run's id: vote `i` of the run is `<bot_id>.<checked_at, compact>.<run>.<i>`. */
  run?: string;
  votes: CompactVote[];
};

const derivedId = (botId: string, checkedAt: string, run: string, index: number) => `${botId}.${voteStamp(checkedAt)}.${run}.${index}`;

/** Where `part` and the dot after it end in `id`, if `id` has them at `at`; -1 otherwise. */
const partEnd = (id: string, part: string, at: number): number =>
  at >= 0 && id.startsWith(part, at) && id.charCodeAt(at + part.length) === 46 /* . */ ? at + part.length + 1 : -1;

/** Whether `id` is `<botId>.<stamp>.<run>.<index>`, compared in place (no string built per vote). */
function isDerivedId(id: string, botId: string, stamp: string, run: string, index: string): boolean {
  const at = partEnd(id, run, partEnd(id, stamp, partEnd(id, botId, 0)));
  return at >= 0 && id.length === at + index.length && id.endsWith(index);
}

/** Whether an object has an own enumerable key (`Object.keys(o).length > 0` without the array). */
function hasOwnKey(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** The run id of a pipeline's first vote, if its id has the pipeline's shape. */
function runOf(v: RiskVote): string | undefined {
  const head = `${v.bot_id}.${voteStamp(v.checked_at)}.`;
  if (!v.vote_id.startsWith(head) || !v.vote_id.endsWith(".0")) return undefined;
  const run = v.vote_id.slice(head.length, -2);
  return run.length > 0 && !run.includes(".") ? run : undefined;
}

const sameList = (a: readonly string[], b: readonly string[] | undefined) =>
  b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Shrinks a decision's RiskVotes for the audit log without losing anything. Omitted when they
 * hold their default or can be derived: `decision: "APPROVE"`, `reason_code: null`, empty
 * `evidence`, `mode: "hard_guard"`, a `checked_at` equal to the first vote's, a `vote_id` equal to
 * the pipeline's `<bot_id>.<stamp>.<run>.<index>`, and `inputs_used` equal to those of the
 * previous vote by the same guard (a guard's WARN annotation and its APPROVE share them).
 * Every audit record is written (and at `FULL`, fsynced) before its signature is returned, so its
 * size is part of what a durable decision costs. {@link expandVotes} restores the exact votes.
 *
 * @example
 * expandVotes(compactVotes(votes)) // deep-equals votes
 */
export function compactVotes(votes: readonly RiskVote[]): CompactVotes {
  const first = votes[0];
  const checked_at = first?.checked_at ?? "";
  const run = first ? runOf(first) : undefined;
  const lastInputs = new Map<string, readonly string[]>();
  return {
    checked_at,
    ...(run === undefined ? {} : { run }),
    votes: votes.map((v, i) => {
      const c: CompactVote = { bot_id: v.bot_id };
      if (run === undefined || !isDerivedId(v.vote_id, v.bot_id, voteStamp(v.checked_at), run, String(i))) c.vote_id = v.vote_id;
      if (v.decision !== "APPROVE") c.decision = v.decision;
      if (v.reason_code !== null) c.reason_code = v.reason_code;
      if (hasOwnKey(v.evidence)) c.evidence = v.evidence;
      if (!sameList(v.inputs_used, lastInputs.get(v.bot_id))) c.inputs_used = v.inputs_used;
      lastInputs.set(v.bot_id, v.inputs_used);
      if (v.checked_at !== checked_at) c.checked_at = v.checked_at;
      if (v.mode !== "hard_guard") c.mode = v.mode;
      return c;
    }),
  };
}

/**
 * Restores the RiskVotes {@link compactVotes} stored (and reads the older, fuller form, in which
 * every vote carries its `vote_id`, `decision` and `inputs_used`).
 *
 * @example
 * expandVotes(JSON.parse(record.payload_json).votes)
 */
export function expandVotes(compact: CompactVotes): RiskVote[] {
  const lastInputs = new Map<string, string[]>();
  return compact.votes.map((v, i) => {
    const checked_at = v.checked_at ?? compact.checked_at;
    const inputs_used = v.inputs_used ?? lastInputs.get(v.bot_id) ?? [];
    lastInputs.set(v.bot_id, inputs_used);
    return {
      vote_id: v.vote_id ?? derivedId(v.bot_id, checked_at, compact.run ?? "", i),
      bot_id: v.bot_id,
      decision: v.decision ?? "APPROVE",
      reason_code: v.reason_code ?? null,
      evidence: v.evidence ?? {},
      inputs_used,
      checked_at,
      mode: v.mode ?? "hard_guard",
    };
  });
}
