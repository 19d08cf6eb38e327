import { parseConfig } from "../config/parseConfig";
import type { WardenConfig } from "../config/wardenConfigSchema";
import type { RiskVote } from "../core/RiskVote";
import { ConfigError } from "../errors/ConfigError";
import { OverrideDeniedError } from "../errors/OverrideDeniedError";
import { compactVotes } from "../guards/compactVotes";
import type { GuardFinding } from "../guards/Guard";
import { type OverrideContext, evaluateOverride, setConfigPath } from "../guards/manualOverrideAuditor";
import { systemVote } from "./systemVote";
import type { Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** An override that is an action rather than a setting: disarming a kill switch, lifting pauseUser. */
export type OverrideActionRequest = {
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
   * The same auditor for an action: justified, rate-limited per requestor together with the
   * setting overrides, audited whatever the outcome; `apply` runs only once the approval is on
   * record (if it then fails, its error is thrown and the approval stays counted).
   */
  requestAction(request: OverrideActionRequest, apply: () => Promise<void>): Promise<{ vote: RiskVote; warnings: RiskVote[] }>;
};

/**
 * The ManualOverrideAuditor as a use case: justified, rate-limited per requestor, refused under the
 * global kill switch (except a switch's own disarm), schema-checked, audited for every attempt;
 * approved setting overrides replace the live configuration, approved actions run.
 *
 * @param ctx - The Warden's ports.
 * @returns The override operations.
 * @example
 * const overrides = createOverrides(ctx); await overrides.replay()
 */
export function createOverrides(ctx: Pick<WardenContext, "store" | "live" | "logger" | "now">): Overrides {
  const { store, live, logger, now } = ctx;
  const approved: { requestor_id: string; at_ms: number }[] = [];

  /** Judges, audits and (when approved) applies one override; `check` adds the setting's schema check. */
  const decide = async (
    request: { requestor_id: string; justification: string; target: string; value: unknown },
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
    const verdict = evaluateOverride(request, {
      killSwitchActive: switches.some((k) => k.armed && k.scope === "global"),
      approvedInWindow: approved.filter((a) => a.requestor_id === request.requestor_id && a.at_ms > at - windowMs).length,
      maxPerWindow: live.config.overrides.max_per_window,
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
    logger.warn({ requestor_id: request.requestor_id, target: request.target, decision: deciding.decision, reason_code: deciding.reason_code }, "override");
    if (deny) throw new OverrideDeniedError({ vote: deciding });
    approved.push({ requestor_id: request.requestor_id, at_ms: at });
    await apply();
    return { vote: deciding, warnings: votes.filter((v) => v.decision === "WARN") };
  };

  return {
    async replay() {
      for (const record of await store.readAuditOfKind("override")) {
        const o = JSON.parse(record.payload_json) as { decision: string; action?: string; target: string; value: unknown; requestor_id: string };
        if (o.decision !== "APPROVE") continue;
        // An action (a disarm, an unpause) happened once and is on record: it counts, it is not redone.
        if (o.action === undefined) {
          const raw = setConfigPath(live.raw, o.target, o.value);
          live.apply(raw, parseConfig(raw));
        }
        approved.push({ requestor_id: o.requestor_id, at_ms: record.at_ms });
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

    requestAction: ({ requestor_id, justification, action, target }, apply) => decide({ requestor_id, justification, target, value: null }, action, () => undefined, apply),
  };
}
