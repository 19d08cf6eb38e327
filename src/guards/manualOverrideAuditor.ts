import type { GuardFinding } from "./Guard";

/** An operator's request to change a guardrail at run time. */
export type OverrideRequest = {
  requestor_id: string;
  justification: string;
  /** Dotted config path, e.g. `risk.exposure.strategy.gross_cap_usd`. */
  target: string;
  value: unknown;
};

/** What the auditor judges besides the request. */
export type OverrideContext = {
  /** The global kill switch is armed. */
  killSwitchActive: boolean;
  /** Overrides this requestor had approved inside the window. */
  approvedInWindow: number;
  maxPerWindow: number;
  /**
   * What the override does: change a setting (`config`, the default, with a config `target`), or
   * an action on the kill switch that has no config target — disarming a switch, which the global
   * switch does not refuse (disarming is how trading restarts), or lifting the exchange's
   * `pauseUser`, which it does.
   */
  subject?: "config" | "kill_switch_disarm" | "exchange_unpause";
};

/** Config paths an override may change; the kill switch and everything else are off limits. */
const allowedTargets = [/^risk\.[a-z_]+(\.[A-Za-z0-9_:.-]+)+$/, /^routing\.[A-Za-z0-9_.]+$/, /^guards\.(session_key_manager|wallet_permission_guard)\.[a-z_]+$/];

/**
 * ManualOverrideAuditor (seed 001, `risk.manualoverrideauditor`): an override needs a justification,
 * is refused while the global kill switch is armed (except the disarm of a switch), and is rate-limited per requestor
 * (`OVERRIDE_AUDITOR_RATE_EXCEEDED` at the limit, `OVERRIDE_AUDITOR_RATE_APPROACHING` when the
 * request is the last one the window allows). Refusals never count against the limit. Pure; the
 * caller audits every attempt and applies approved ones.
 *
 * @example
 * evaluateOverride(request, { killSwitchActive: false, approvedInWindow: 0, maxPerWindow: 3 }) // {}
 */
export function evaluateOverride(request: OverrideRequest, ctx: OverrideContext): { deny?: GuardFinding; annotations: GuardFinding[] } {
  const subject = ctx.subject ?? "config";
  if (ctx.killSwitchActive && subject !== "kill_switch_disarm") return { deny: { reason_code: "KILL_SWITCH_ACTIVE" }, annotations: [] };
  if (typeof request.justification !== "string" || request.justification.trim().length === 0)
    return { deny: { reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" }, annotations: [] };
  if (subject === "config" && (typeof request.target !== "string" || !allowedTargets.some((r) => r.test(request.target))))
    return { deny: { reason_code: "OVERRIDE_INVALID", evidence: { target: String(request.target), problem: "not an overridable setting" } }, annotations: [] };
  if (ctx.approvedInWindow >= ctx.maxPerWindow)
    return {
      deny: { reason_code: "OVERRIDE_AUDITOR_RATE_EXCEEDED", evidence: { approved_in_window: ctx.approvedInWindow, max_per_window: ctx.maxPerWindow } },
      annotations: [],
    };
  const annotations: GuardFinding[] =
    ctx.approvedInWindow === ctx.maxPerWindow - 1
      ? [{ reason_code: "OVERRIDE_AUDITOR_RATE_APPROACHING", evidence: { approved_in_window: ctx.approvedInWindow, max_per_window: ctx.maxPerWindow } }]
      : [];
  return { annotations };
}

/**
 * Sets a dotted path in a plain config object (a copy is made), for an approved override.
 *
 * @example
 * setConfigPath({ risk: {} }, "risk.exposure.global_gross_cap_usd", 250000)
 */
export function setConfigPath(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const root = structuredClone(config);
  const keys = path.split(".");
  let node: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    node[k] = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
  return root;
}
