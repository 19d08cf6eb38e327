import { configPathProblem } from "../config/configPathProblem";
import { parseConfig } from "../config/parseConfig";
import type { WardenConfig } from "../config/wardenConfigSchema";
import type { RiskVote } from "../core/RiskVote";
import { ConfigError } from "../errors/ConfigError";
import { OverrideDeniedError } from "../errors/OverrideDeniedError";
import { compactVotes } from "../guards/compactVotes";
import type { GuardFinding } from "../guards/Guard";
import { type OverrideContext, evaluateOverride, overrideValueProblem, setConfigPath } from "../guards/manualOverrideAuditor";
import { systemVote } from "./systemVote";
import type { Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** An override that is an action rather than a setting: disarming a kill switch, lifting pauseUser. */
export type OverrideActionRequest = {
  /** The authenticated operator (the rate limit counts it); in-process callers name themselves. Defaults to `requestor_id`. */
  operator_id?: string;
  requestor_id: string;
  justification: string;
  action: Exclude<NonNullable<OverrideContext["subject"]>, "config">;
  /** What it acts on, for the audit record, e.g. `kill_switch.strategy:nba-mm`. */
  target: string;
};

/** Run-time overrides of one Warden (seed 001), and their replay at start. */
export type Overrides = Pick<Warden, "requestOverride"> & {
  /** Re-applies every approved override from the audit log (a restart keeps them). */
  replay(): Promise<void>;
  /**
   * The same auditor for an action: justified, rate-limited per operator together with the
   * setting overrides, audited whatever the outcome; `apply` runs only once the approval is on
   * record (if it then fails, its error is thrown and the approval stays counted).
   */
  requestAction(request: OverrideActionRequest, apply: () => Promise<void>): Promise<{ vote: RiskVote; warnings: RiskVote[] }>;
};

type DecideRequest = { operator_id: unknown; requestor_id: string; justification: string; target: string; value: unknown };

/**
 * The ManualOverrideAuditor as a use case: justified, rate-limited per authenticated operator (the
 * request's `operator_id`; `requestor_id` is a label in the audit record), refused under the global
 * kill switch (except a switch's own disarm), a setting's path checked against the schema's own keys
 * and its value against plain JSON data before anything is built, schema-checked, audited for every
 * attempt; approved setting overrides replace the live configuration, approved actions run. A
 * refusal changes nothing in the process.
 *
 * @param ctx - The Warden's ports.
 * @returns The override operations.
 * @example
 * const overrides = createOverrides(ctx); await overrides.replay()
 */
export function createOverrides(ctx: Pick<WardenContext, "store" | "live" | "logger" | "now">): Overrides {
  const { store, live, logger, now } = ctx;
  // Approvals by operator; `null`: recorded before overrides named their operator, so it counts
  // against every operator's window (the conservative reading of an unknown identity).
  const approved: { operator_id: string | null; at_ms: number }[] = [];

  /** Judges, audits and (when approved) applies one override; `check` adds the setting's schema check. */
  const decide = async (
    request: DecideRequest,
    subject: NonNullable<OverrideContext["subject"]>,
    check: () => GuardFinding | undefined,
    apply: () => Promise<void> | void,
  ): Promise<{ vote: RiskVote; warnings: RiskVote[] }> => {
    const at = now();
    const vote = (decision: RiskVote["decision"], finding: GuardFinding | null): RiskVote => ({
      ...systemVote("risk.manualoverrideauditor", finding?.reason_code ?? "OVERRIDE_INVALID", finding?.evidence ?? {}, at),
      decision,
      reason_code: finding?.reason_code ?? null,
      inputs_used: ["override.justification", "override.rate_counter", "internal.killswitch"],
    });
    const unavailable = () => new OverrideDeniedError({ vote: vote("DENY", { reason_code: "OVERRIDE_AUDITOR_DATA_UNAVAILABLE" }) });
    let switches;
    try {
      if (!(await store.health()).ok) throw unavailable();
      switches = (await store.killSwitches()).switches;
    } catch {
      throw unavailable();
    }
    const windowMs = live.config.overrides.window_s * 1000;
    const verdict = evaluateOverride(request as never, {
      killSwitchActive: switches.some((k) => k.armed && k.scope === "global"),
      approvedInWindow: approved.filter((a) => (a.operator_id === null || a.operator_id === request.operator_id) && a.at_ms > at - windowMs).length,
      maxPerWindow: live.config.overrides.max_per_window,
      targetProblem: subject !== "config" ? null : typeof request.target === "string" ? configPathProblem(request.target) : "not a path",
      subject,
    });
    const deny = verdict.deny ?? check();
    const votes = [...verdict.annotations.map((a) => vote("WARN", a)), deny ? vote("DENY", deny) : vote("APPROVE", null)];
    const deciding = votes.at(-1) as RiskVote;
    try {
      await store.appendAudit({
        kind: "override",
        at_ms: at,
        payload: {
          operator_id: typeof request.operator_id === "string" ? request.operator_id.slice(0, 64) : null,
          requestor_id: request.requestor_id,
          justification: request.justification,
          ...(subject === "config" ? {} : { action: subject }),
          target: request.target,
          value: deny ? null : request.value,
          decision: deciding.decision,
          reason_code: deciding.reason_code,
          votes: compactVotes(votes),
        },
      });
    } catch {
      throw unavailable();
    }
    logger.warn({ operator_id: request.operator_id, requestor_id: request.requestor_id, target: request.target, decision: deciding.decision, reason_code: deciding.reason_code }, "override");
    if (deny) throw new OverrideDeniedError({ vote: deciding });
    approved.push({ operator_id: request.operator_id as string, at_ms: at });
    await apply();
    return { vote: deciding, warnings: votes.filter((v) => v.decision === "WARN") };
  };

  return {
    async replay() {
      for (const record of await store.readAuditOfKind("override")) {
        const o = JSON.parse(record.payload_json) as { decision: string; action?: string; target: string; value: unknown; operator_id?: string };
        if (o.decision !== "APPROVE") continue;
        // It was approved then, so it counts against the window whether or not it still applies.
        approved.push({ operator_id: typeof o.operator_id === "string" ? o.operator_id : null, at_ms: record.at_ms });
        // An action (a disarm, an unpause) happened once and is on record: it counts, it is not redone.
        if (o.action !== undefined) continue;
        // An approval an older Warden recorded is replayed only if it names a setting with plain
        // data and still passes the schema (a setting may have been replaced since): the audit log
        // cannot be edited, so one that no longer applies is reported, never a reason not to start.
        const problem = configPathProblem(String(o.target)) ?? overrideValueProblem(o.value);
        let next: { raw: Record<string, unknown>; config: WardenConfig } | null = null;
        let invalid = problem;
        if (invalid === null) {
          try {
            const raw = setConfigPath(live.raw, o.target, o.value);
            next = { raw, config: parseConfig(raw) };
          } catch (e) {
            invalid = e instanceof ConfigError ? String(e.details.problems) : "invalid value";
          }
        }
        if (!next) {
          logger.error(
            { target: String(o.target).slice(0, 200), problem: invalid, audit_seq: record.seq, fix: "apply the change again with a new override under today's settings" },
            "recorded override not replayed: it no longer names a valid setting",
          );
          continue;
        }
        live.apply(next.raw, next.config);
      }
    },

    async requestOverride(request) {
      let next: { raw: Record<string, unknown>; config: WardenConfig } | null = null;
      return decide(
        request,
        "config",
        () => {
          try {
            const raw = setConfigPath(live.raw, request.target, request.value);
            next = { raw, config: parseConfig(raw) };
            return undefined;
          } catch (e) {
            const problems = e instanceof ConfigError ? String(e.details.problems) : "invalid value";
            return { reason_code: "OVERRIDE_INVALID", evidence: { target: request.target, problem: problems } };
          }
        },
        () => {
          if (next) live.apply(next.raw, next.config);
        },
      );
    },

    requestAction: ({ operator_id, requestor_id, justification, action, target }, apply) =>
      decide({ operator_id: operator_id ?? requestor_id, requestor_id, justification, target, value: null }, action, () => undefined, apply),
  };
}
