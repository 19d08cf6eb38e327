import { isPrototypeKey } from "../core/isPrototypeKey";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import type { GuardFinding } from "./Guard";

/** An operator's request to change a guardrail at run time. */
export type OverrideRequest = {
  /**
   * Who is authenticated to override: the rate limit counts approvals per operator id. Over HTTP it
   * is derived from the operator token (never from the body); in-process callers pass their own.
   */
  operator_id: string;
  /** Who asked, in the operator's words: a label for the audit record, not trusted for the limit. */
  requestor_id: string;
  justification: string;
  /** Dotted config path, e.g. `risk.exposure.strategy.gross_cap_usd`. */
  target: string;
  /** Plain JSON data (numbers, strings, booleans, null, arrays, objects). */
  value: unknown;
};

/** What the auditor judges besides the request. */
export type OverrideContext = {
  /** The global kill switch is armed. */
  killSwitchActive: boolean;
  /** Overrides this operator had approved inside the window. */
  approvedInWindow: number;
  maxPerWindow: number;
  /** Why `target` names no setting of the configuration schema, or null (the caller asks the schema). */
  targetProblem: string | null;
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
const OPERATOR_ID = /^[A-Za-z0-9._:@-]{1,64}$/;
const MAX_VALUE_DEPTH = 16;
const MAX_VALUE_NODES = 10_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Why an override value is not plain JSON data Warden will copy into its configuration, or null:
 * only null, booleans, finite numbers, strings, arrays and plain objects, no key that reaches a
 * prototype (`__proto__`, `constructor`, `prototype`), at most 16 levels and 10,000 values.
 *
 * @example
 * overrideValueProblem(JSON.parse('{"__proto__":{"x":1}}')) // "value.__proto__: not a configuration key"
 */
export function overrideValueProblem(value: unknown): string | null {
  let nodes = 0;
  const visit = (v: unknown, at: string, depth: number): string | null => {
    if (++nodes > MAX_VALUE_NODES) return "value: too large";
    if (depth > MAX_VALUE_DEPTH) return `${at}: nested too deeply`;
    if (v === null || typeof v === "boolean" || typeof v === "string") return null;
    if (typeof v === "number") return Number.isFinite(v) ? null : `${at}: not a finite number`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = visit(v[i], `${at}[${i}]`, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (!isPlainObject(v)) return `${at}: not JSON data`;
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== "string") return `${at}: not JSON data`;
      if (isPrototypeKey(key)) return `${at}.${key}: not a configuration key`;
      const p = visit(v[key], `${at}.${key}`, depth + 1);
      if (p) return p;
    }
    return null;
  };
  return visit(value, "value", 0);
}

/** A copy of checked JSON data whose objects inherit nothing (not even from Object.prototype). */
function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (typeof v !== "object" || v === null) return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = copyValue(x);
  return out;
}

/**
 * ManualOverrideAuditor (seed 001, `risk.manualoverrideauditor`): an override needs a justification,
 * is refused while the global kill switch is armed (except the disarm of a switch), must name a setting of the configuration schema
 * (for a setting) under an overridable section with a plain JSON value (`OVERRIDE_INVALID` otherwise), and is
 * rate-limited per authenticated operator (`OVERRIDE_AUDITOR_RATE_EXCEEDED` at the limit,
 * `OVERRIDE_AUDITOR_RATE_APPROACHING` when the request is the last one the window allows): a
 * self-declared `requestor_id` is only a label, so six names from one operator share one limit.
 * Refusals never count against the limit. Pure; the caller audits every attempt and applies
 * approved ones.
 *
 * @example
 * evaluateOverride(request, { killSwitchActive: false, approvedInWindow: 0, maxPerWindow: 3, targetProblem: null }) // { annotations: [] }
 */
export function evaluateOverride(request: OverrideRequest, ctx: OverrideContext): { deny?: GuardFinding; annotations: GuardFinding[] } {
  const invalid = (evidence: Record<string, unknown>) => ({ deny: { reason_code: "OVERRIDE_INVALID" as const, evidence }, annotations: [] });
  const subject = ctx.subject ?? "config";
  if (ctx.killSwitchActive && subject !== "kill_switch_disarm") return { deny: { reason_code: "KILL_SWITCH_ACTIVE" }, annotations: [] };
  if (typeof request.justification !== "string" || request.justification.trim().length === 0)
    return { deny: { reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" }, annotations: [] };
  if (typeof request.operator_id !== "string" || !OPERATOR_ID.test(request.operator_id))
    return invalid({ problem: "operator_id is required: 1–64 letters, digits or . _ : @ - naming the authenticated operator" });
  if (subject === "config") {
    if (typeof request.target !== "string" || !allowedTargets.some((r) => r.test(request.target)))
      return invalid({ target: String(request.target), problem: "not an overridable setting" });
    if (ctx.targetProblem !== null) return invalid({ target: request.target, problem: ctx.targetProblem });
    const valueProblem = overrideValueProblem(request.value);
    if (valueProblem !== null) return invalid({ target: request.target, problem: valueProblem });
  }
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
 * Sets a dotted path in a plain config object, for an approved override: the input is copied, every
 * step is an own property (never an inherited one), objects built on the way and the value's own
 * objects inherit nothing, and a segment that reaches a prototype is refused before anything is
 * touched.
 *
 * @param config - The raw configuration (not modified).
 * @param path - A path {@link evaluateOverride} accepted.
 * @param value - Plain JSON data ({@link overrideValueProblem} found nothing).
 * @returns The new raw configuration.
 * @throws {InvalidParameterError} when a segment is empty or a prototype name.
 * @example
 * setConfigPath({ risk: {} }, "risk.exposure.global_gross_cap_usd", 250000)
 */
export function setConfigPath(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split(".");
  if (keys.some((k) => k === "" || isPrototypeKey(k)))
    throw new InvalidParameterError({ field: "override target", fix: "Name a setting of the configuration schema; __proto__, constructor and prototype are none." });
  const root = structuredClone(config);
  let node: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(node, k) ? node[k] : undefined;
    const child = isPlainObject(next) ? next : (Object.create(null) as Record<string, unknown>);
    node[k] = child;
    node = child;
  }
  node[keys.at(-1) as string] = copyValue(value);
  return root;
}
