import type { RiskVote } from "../core/RiskVote";
import type { Guard } from "../guards/Guard";
import { createMetrics, type Metrics } from "../log/createMetrics";

/** The signing path's counters and histograms, with hot-path recorders resolved once. */
export type SigningMetrics = {
  readonly registry: Metrics;
  /** One guard's evaluation time (and seed 004's own histogram for the WalletPermissionGuard). */
  observeGuard(guard: Guard, ms: number): void;
  /** One vote, on its guard's counters (seed 004's counters for the WalletPermissionGuard). */
  countVote(vote: RiskVote): void;
};

/**
 * The metrics of signing decisions: decisions, guard votes, pipeline and per-guard latency, and the
 * WalletPermissionGuard series seed 004 names.
 *
 * @example
 * const m = createSigningMetrics(); m.countVote(vote); m.registry.render()
 */
export function createSigningMetrics(): SigningMetrics {
  const registry = createMetrics({
    warden_decisions_total: { type: "counter", help: "Signing decisions by outcome and deciding reason code." },
    warden_guard_votes_total: { type: "counter", help: "RiskVotes by guard, decision and reason code (shadow votes included)." },
    warden_pipeline_eval_latency_seconds: { type: "histogram", help: "Wall-clock time of one guard pipeline evaluation, in seconds." },
    warden_guard_eval_latency_seconds: { type: "histogram", help: "Wall-clock time of one guard's evaluation, by guard (bot_id), in seconds." },
    // Seed 004 §15 spells this one in ms (its table's unit): kept as the seed spells it.
    polytraders_sec_walletpermissionguard_eval_latency_ms: { type: "histogram", unit: "milliseconds", help: "Wall-clock latency of permission check, in ms (seed 004)." },
    polytraders_sec_walletpermissionguard_decisions_total: { type: "counter", help: "WalletPermissionGuard RiskVote decisions (seed 004)." },
    polytraders_sec_walletpermissionguard_denied_total: { type: "counter", help: "WalletPermissionGuard denials by reason (seed 004)." },
  });

  const guardLabels = new Map<string, { bot_id: string }>();
  const observeGuard = (guard: Guard, ms: number): void => {
    let labels = guardLabels.get(guard.bot_id);
    if (!labels) guardLabels.set(guard.bot_id, (labels = { bot_id: guard.bot_id }));
    registry.observe("warden_guard_eval_latency_seconds", ms, labels);
    if (guard.bot_id === "sec.wallet_permission_guard") registry.observe("polytraders_sec_walletpermissionguard_eval_latency_ms", ms);
  };

  // A vote's counters, resolved once per (guard, decision, code): every signature records ten votes,
  // so the lookup is by nested maps (no key string built per vote).
  const voteCounters = new Map<string, Map<string, Map<string, () => void>>>();
  const countVote = (v: RiskVote): void => {
    let byDecision = voteCounters.get(v.bot_id);
    if (!byDecision) voteCounters.set(v.bot_id, (byDecision = new Map()));
    let byCode = byDecision.get(v.decision);
    if (!byCode) byDecision.set(v.decision, (byCode = new Map()));
    const reason_code = v.reason_code ?? "";
    let count = byCode.get(reason_code);
    if (!count) {
      const all = [registry.counter("warden_guard_votes_total", { bot_id: v.bot_id, decision: v.decision, reason_code })];
      if (v.bot_id === "sec.wallet_permission_guard") {
        all.push(registry.counter("polytraders_sec_walletpermissionguard_decisions_total", { decision: v.decision, reason_code }));
        if (v.decision === "DENY") all.push(registry.counter("polytraders_sec_walletpermissionguard_denied_total", { reason_code }));
      } else if (v.bot_id === "sec.session_scope" && v.decision === "DENY") {
        // Its denials are WALLET_PERMISSION_DENIED too: seed 004's WalletPermissionDenied alert must see them.
        all.push(registry.counter("polytraders_sec_walletpermissionguard_denied_total", { reason_code }));
      }
      count =
        all.length === 1
          ? (all[0] as () => void)
          : () => {
              for (const c of all) c();
            };
      byCode.set(reason_code, count);
    }
    count();
  };
  return { registry, observeGuard, countVote };
}
