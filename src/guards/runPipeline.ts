import { randomBytes } from "node:crypto";
import type { SigningIntent } from "../core/SigningIntent";
import type { Guard, GuardContext, GuardFinding, GuardVerdict } from "./Guard";
import { isReasonCode } from "../core/isReasonCode";
import { reasonCodes } from "../core/reasonCodes";
import { type GuardMode, type RiskVote, voteStamp } from "../core/RiskVote";

/** How a run is timed: per-guard times for metrics, and the per-call timeout (seed 004 §21). */
export type RunPipelineOptions = {
  /** Called after each guard of the first run with its wall-clock evaluation time in ms (metrics). */
  onTimed?: (guard: Guard, ms: number) => void;
  /** The evaluation's time limit in ms: past it, after any guard, the run denies with `PIPELINE_TIMEOUT`. None when absent. */
  timeoutMs?: number;
  /** Milliseconds from an arbitrary origin; `performance.now` unless a test drives time. */
  clock?: () => number;
  /**
   * The clock of the run that confirms an overrun: the thread's CPU time in production (a loaded
   * machine's preemption is then not counted, the pipeline's own computation is). `clock` when absent.
   */
  confirmClock?: () => number;
};

/** The pipeline's answer. `deciding` is the vote that denied (null when approved). */
export type PipelineResult = {
  decision: "APPROVE" | "DENY";
  deciding: RiskVote | null;
  votes: RiskVote[];
};

/**
 * Evidence is JSON-safe: bigints (pUSD base units) become decimal strings, so votes serialise
 * anywhere. A copy (a guard's object is never shared with the vote), of own enumerable keys as
 * `Object.entries` would list them, without the array per key that it makes.
 */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k in value) if (Object.hasOwn(value, k)) out[k] = jsonSafe((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** What a verdict without annotations iterates: one shared empty list, not one per guard. */
const NO_ANNOTATIONS: readonly GuardFinding[] = Object.freeze([]);

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
 * `quarantine` denies with `GUARD_QUARANTINED`. No path approves from a `catch`. With `timeoutMs`
 * (seed 004 §21's per-call timeout), a run whose wall-clock time passes it after any guard stops
 * there; guards are synchronous, so nothing else runs meanwhile and the time is the evaluation's
 * own (no event-loop queueing, no store I/O) plus any stall of the process inside it. An overrun is
 * confirmed by one more run on the same snapshot, timed on `confirmClock`: overrunning again denies
 * with `PIPELINE_TIMEOUT` (fail closed); a run within the limit decides instead (the first one was
 * stalled, not slow).
 *
 * @param guards - Ordered guards (KillSwitch first).
 * @param intent - The decoded intent.
 * @param ctx - The snapshot the guards read.
 * @param options - Per-guard timing callback, the timeout, and the clock.
 * @returns Decision, deciding vote and every vote.
 * @example
 * const result = runPipeline(guards, intent, ctx, { timeoutMs: 10 })
 * if (result.decision === "DENY") result.deciding?.reason_code // e.g. "PIPELINE_TIMEOUT"
 */
export function runPipeline(guards: readonly Guard[], intent: SigningIntent, ctx: GuardContext, options: RunPipelineOptions = {}): PipelineResult {
  const first = evaluateOnce(guards, intent, ctx, options);
  if (!timedOut(first)) return first;
  // The first run stopped at the deadline, so the guards after it may never have run in this
  // process: their first call compiles them (a fresh worker's first order). Run them once, untimed
  // and discarded (they are pure), so the confirmation times the pipeline, not its compilation.
  // Regression (CI: PIPELINE_TIMEOUT on a fresh process's first order under load).
  const evaluated = Number(first.deciding.evidence.guards_evaluated);
  if (evaluated < guards.length) evaluateOnce(guards.slice(evaluated), intent, ctx, {});
  // Guards are pure functions of (intent, snapshot), so a second run judges exactly what the first
  // did. Timed on `confirmClock` (CPU time), it tells a pipeline slow by itself (it overruns again,
  // and denies) from a stall inside the first run: the OS descheduling the process on a loaded
  // machine, a GC pause, a fresh process's first-run compilation.
  // Its guards are not reported to onTimed: their times there are one evaluation's, on the wall clock.
  const second = evaluateOnce(guards, intent, ctx, { timeoutMs: options.timeoutMs, clock: options.confirmClock ?? options.clock });
  if (timedOut(second)) Object.assign(second.deciding.evidence, { runs: 2, first_elapsed_ms: first.deciding.evidence.elapsed_ms });
  return second;
}

const timedOut = (r: PipelineResult): r is PipelineResult & { deciding: RiskVote } => r.deciding?.bot_id === "warden.pipeline" && r.deciding.reason_code === "PIPELINE_TIMEOUT";

/** One run of the guards, in order, against the deadline (see {@link runPipeline}). */
function evaluateOnce(
  guards: readonly Guard[],
  intent: SigningIntent,
  ctx: GuardContext,
  { onTimed, timeoutMs, clock = performance.now.bind(performance) }: RunPipelineOptions,
): PipelineResult {
  const checkedAt = new Date(ctx.now_ms).toISOString();
  const vote = voteMaker(checkedAt);
  const votes: RiskVote[] = [];
  if (guards.length === 0) {
    const deny = vote("warden.pipeline", "hard_guard", "DENY", { reason_code: "PIPELINE_EMPTY" }, []);
    return { decision: "DENY", deciding: deny, votes: [deny] };
  }
  // One clock read per guard serves both its time and the deadline.
  const timed = onTimed !== undefined || timeoutMs !== undefined;
  const startedAt = timed ? clock() : 0;
  let guardStarted = startedAt;
  for (let index = 0; index < guards.length; index++) {
    const guard = guards[index] as Guard;
    if (guard.mode === "quarantine") {
      const deny = vote(guard.bot_id, "quarantine", "DENY", { reason_code: "GUARD_QUARANTINED" }, []);
      votes.push(deny);
      return { decision: "DENY", deciding: deny, votes };
    }
    let verdict: GuardVerdict;
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
    const guardEnded = timed ? clock() : 0;
    if (onTimed) onTimed(guard, guardEnded - guardStarted);
    guardStarted = guardEnded;
    for (const a of verdict.annotations ?? NO_ANNOTATIONS) {
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
    // A guard cannot be interrupted (they are synchronous), so the deadline is checked after each:
    // a run past it decides nothing more and denies, whatever the guards so far voted.
    if (timeoutMs !== undefined && guardEnded - startedAt > timeoutMs) {
      const evidence = { timeout_ms: timeoutMs, elapsed_ms: Math.round((guardEnded - startedAt) * 1000) / 1000, after_guard: guard.bot_id, guards_evaluated: index + 1, guards: guards.length };
      const deny = vote("warden.pipeline", "hard_guard", "DENY", { reason_code: "PIPELINE_TIMEOUT", evidence }, []);
      votes.push(deny);
      return { decision: "DENY", deciding: deny, votes };
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
