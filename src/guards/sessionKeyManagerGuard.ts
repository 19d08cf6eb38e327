import type { Guard, GuardFinding } from "./Guard";
import type { GuardMode } from "../core/RiskVote";

/**
 * SessionKeyManager (seed 000): denies with `SESSION_KEY_EXPIRED` past the session's lifetime
 * (`now > valid_until`, the seed's `expires_at < NOW()`), when the call budget is spent, or after
 * more than `idle_timeout_s` without a call; with `SESSION_STRATEGY_MISMATCH` when the caller signs
 * for another strategy than the session's. Annotates `SESSION_BUDGET_WARN` (> 80 % of calls),
 * `SESSION_EXPIRY_WARN` (age > 75 % of lifetime) and `SESSION_ABOUT_TO_EXPIRE` (inside
 * `require_reapproval_h`).
 *
 * @param params.mode - Guard mode (default hard_guard).
 * @example
 * sessionKeyManagerGuard({ mode: "hard_guard" })
 */
export function sessionKeyManagerGuard({ mode }: { mode: GuardMode }): Guard {
  const inputs_used = ["session.lifetime", "session.calls_used", "session.last_used", "session.strategy_id"];
  return {
    bot_id: "sec.sessionkeymanager",
    mode,
    dataUnavailableCode: "SESSION_KEY_MANAGER_DATA_UNAVAILABLE",
    evaluate(_intent, ctx) {
      const s = ctx.session;
      const scope = s.scope;
      if (s.revoked_at_ms !== null) {
        const code = s.revoke_reason === "kill_switch" ? "KILL_SWITCH_ACTIVE" : "SESSION_REVOKED";
        return { deny: { reason_code: code, evidence: { revoked_at_ms: s.revoked_at_ms } }, inputs_used };
      }
      if (ctx.claimed_strategy_id !== scope.strategy_id) {
        return {
          deny: {
            reason_code: "SESSION_STRATEGY_MISMATCH",
            evidence: { session_strategy_id: scope.strategy_id, claimed_strategy_id: ctx.claimed_strategy_id },
          },
          inputs_used,
        };
      }
      if (ctx.now_ms > s.valid_until_ms) {
        return {
          deny: { reason_code: "SESSION_KEY_EXPIRED", evidence: { cause: "lifetime", valid_until_ms: s.valid_until_ms } },
          inputs_used,
        };
      }
      if (s.calls_used >= scope.max_calls_per_session) {
        return {
          deny: {
            reason_code: "SESSION_KEY_EXPIRED",
            evidence: { cause: "call_budget", calls_used: s.calls_used, max_calls_per_session: scope.max_calls_per_session },
          },
          inputs_used,
        };
      }
      const idleMs = ctx.now_ms - s.last_used_ms;
      if (idleMs > scope.idle_timeout_s * 1000) {
        return {
          deny: { reason_code: "SESSION_KEY_EXPIRED", evidence: { cause: "idle_timeout", idle_ms: idleMs } },
          inputs_used,
        };
      }
      const annotations: GuardFinding[] = [];
      const callNumber = s.calls_used + 1;
      if (callNumber > 0.8 * scope.max_calls_per_session) {
        annotations.push({
          reason_code: "SESSION_BUDGET_WARN",
          evidence: { call_number: callNumber, max_calls_per_session: scope.max_calls_per_session },
        });
      }
      const lifetimeMs = s.valid_until_ms - s.issued_at_ms;
      const ageMs = ctx.now_ms - s.issued_at_ms;
      if (ageMs > 0.75 * lifetimeMs) {
        annotations.push({ reason_code: "SESSION_EXPIRY_WARN", evidence: { age_ms: ageMs, lifetime_ms: lifetimeMs } });
      }
      const remainingMs = s.valid_until_ms - ctx.now_ms;
      if (remainingMs <= scope.require_reapproval_s * 1000) {
        annotations.push({ reason_code: "SESSION_ABOUT_TO_EXPIRE", evidence: { expires_in_ms: remainingMs } });
      }
      return { annotations, inputs_used };
    },
  };
}
