import { randomBytes } from "node:crypto";
import type { SigningIntent } from "../core/SigningIntent";
import type { Guard, GuardContext, GuardFinding, GuardVerdict } from "./Guard";
import { isReasonCode } from "../core/isReasonCode";
import { reasonCodes } from "../core/reasonCodes";
import { type GuardMode, type RiskVote, voteStamp } from "../core/RiskVote";

/** The pipeline's answer. `deciding` is the vote that denied (null when approved). */
export type PipelineResult = {
  decision: "APPROVE" | "DENY";
  deciding: RiskVote | null;
  votes: RiskVote[];
};

/** Evidence is JSON-safe: bigints (pUSD base units) become decimal strings, so votes serialise anywhere. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

let runCounter = 0;
const runId = randomBytes(3).toString("hex");

/**
 * Builds the votes of one pipeline run. Vote ids are `<bot_id>.<checked_at, compact>.<run>.<index>`:
 * unique per process run and derivable from the run id and position, which lets the audit log
 * store them in a few bytes (see `compactVotes`).
 */
function voteMaker(checkedAt: string) {
  runCounter = (runCounter + 1) % 1_000_000_000;
  const prefix = `.${voteStamp(checkedAt)}.${runId}${runCounter}.`;
  let index = 0;
  return (
    bot_id: string,
    mode: GuardMode,
    decision: RiskVote["decision"],
    finding: GuardFinding | null,
    inputs_used: string[],
  ): RiskVote => ({
    vote_id: `${bot_id}${prefix}${index++}`,
    bot_id,
    decision,
    reason_code: finding?.reason_code ?? null,
    evidence: finding?.evidence ? (jsonSafe(finding.evidence) as Record<string, unknown>) : {},
    inputs_used,
    checked_at: checkedAt,
    mode,
  });
}

function validFinding(f: unknown, severities: readonly string[]): f is GuardFinding {
  if (typeof f !== "object" || f === null) return false;
  const code = (f as GuardFinding).reason_code;
  return isReasonCode(code) && severities.includes(reasonCodes[code].severity);
}

function validVerdict(v: unknown): v is GuardVerdict {
  if (typeof v !== "object" || v === null) return false;
  const verdict = v as GuardVerdict;
  if (!Array.isArray(verdict.inputs_used)) return false;
  if (verdict.deny !== undefined && !validFinding(verdict.deny, ["HARD_REJECT"])) return false;
  if (verdict.annotations !== undefined) {
    if (!Array.isArray(verdict.annotations)) return false;
    if (!verdict.annotations.every((a) => validFinding(a, ["WARN", "INFO"]))) return false;
  }
  return true;
}

/**
 * Runs guards in order and combines their votes as an AND: the first enforcing DENY short-circuits,
 * shadow guards only record what they would have done, WARN/INFO annotations are collected. Deny by
 * default: an empty pipeline, or one where every guard is shadow-only, denies (`PIPELINE_EMPTY`), a guard that throws or returns anything but a
 * well-formed verdict with registered codes denies with its `dataUnavailableCode`, and a guard in
 * `quarantine` denies with `GUARD_QUARANTINED`. No path approves from a `catch`.
 *
 * @param guards - Ordered guards (KillSwitch first).
 * @param intent - The decoded intent.
 * @param ctx - The snapshot the guards read.
 * @param onTimed - Called after each guard with its wall-clock evaluation time in ms (metrics).
 * @returns Decision, deciding vote and every vote.
 * @example
 * const result = runPipeline(guards, intent, ctx)
 * if (result.decision === "DENY") result.deciding?.reason_code
 */
export function runPipeline(
  guards: readonly Guard[],
  intent: SigningIntent,
  ctx: GuardContext,
  onTimed?: (guard: Guard, ms: number) => void,
): PipelineResult {
  const checkedAt = new Date(ctx.now_ms).toISOString();
  const vote = voteMaker(checkedAt);
  const votes: RiskVote[] = [];
  if (guards.length === 0) {
    const deny = vote("warden.pipeline", "hard_guard", "DENY", { reason_code: "PIPELINE_EMPTY" }, []);
    return { decision: "DENY", deciding: deny, votes: [deny] };
  }
  for (const guard of guards) {
    if (guard.mode === "quarantine") {
      const deny = vote(guard.bot_id, "quarantine", "DENY", { reason_code: "GUARD_QUARANTINED" }, []);
      votes.push(deny);
      return { decision: "DENY", deciding: deny, votes };
    }
    let verdict: GuardVerdict;
    const started = onTimed ? performance.now() : 0;
    try {
      const raw: unknown = guard.evaluate(intent, ctx);
      if (!validVerdict(raw)) throw new TypeError("malformed verdict");
      verdict = raw;
    } catch (error) {
      verdict = {
        deny: {
          reason_code: guard.dataUnavailableCode,
          evidence: { error: error instanceof Error ? error.name : "non-error thrown" },
        },
        inputs_used: [],
      };
    }
    if (onTimed) onTimed(guard, performance.now() - started);
    for (const a of verdict.annotations ?? []) {
      const decision = reasonCodes[a.reason_code].severity === "WARN" ? "WARN" : "APPROVE";
      votes.push(vote(guard.bot_id, guard.mode, decision, a, verdict.inputs_used));
    }
    if (verdict.deny) {
      const deny = vote(guard.bot_id, guard.mode, "DENY", verdict.deny, verdict.inputs_used);
      votes.push(deny);
      if (guard.mode !== "shadow_only") return { decision: "DENY", deciding: deny, votes };
    } else {
      const approve = vote(guard.bot_id, guard.mode, "APPROVE", null, verdict.inputs_used);
      if (verdict.evidence) approve.evidence = jsonSafe(verdict.evidence) as Record<string, unknown>;
      votes.push(approve);
    }
  }
  // Shadow guards only observe: a pipeline with no enforcing guard is as empty as no pipeline.
  if (guards.every((g) => g.mode === "shadow_only")) {
    const deny = vote("warden.pipeline", "hard_guard", "DENY", { reason_code: "PIPELINE_EMPTY", evidence: { enforcing_guards: 0 } }, []);
    votes.push(deny);
    return { decision: "DENY", deciding: deny, votes };
  }
  return { decision: "APPROVE", deciding: null, votes };
}
