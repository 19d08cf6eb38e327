import type { ReasonCode } from "../core/reasonCodes";
import type { RiskVote } from "../core/RiskVote";
import type { SessionRecord } from "../core/SessionRecord";
import type { SigningIntent } from "../core/SigningIntent";
import { SigningDeniedError } from "../errors/SigningDeniedError";
import { compactVotes } from "../guards/compactVotes";
import type { Route } from "./createRouting";
import type { SigningMetrics } from "./createSigningMetrics";
import { systemVote } from "./systemVote";
import type { SecurityAlert } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** How the signing path says no: every refusal counted, logged, audited where it can be, and thrown. */
export type Denials = {
  /** Raises the security alert a vote calls for (seed 004: every WALLET_PERMISSION_DENIED). */
  alert(session: SessionRecord, vote: RiskVote, kind?: SecurityAlert["alert"]): void;
  /** The audit payload of a denial. */
  payload(session: SessionRecord | null, intent: SigningIntent | null, vote: RiskVote, votes: RiskVote[]): Record<string, unknown>;
  /** Counts and logs the denial, then throws it. */
  deny(session: SessionRecord | null, intent: SigningIntent | null, vote: RiskVote, votes: RiskVote[]): never;
  /** A refusal made before an intent exists (bad credential, revoked, undecodable): audited, routed, thrown. */
  refuse(session: SessionRecord | null, vote: RiskVote): Promise<never>;
  /** The denial of a request the store cannot vouch for (its vote follows any the pipeline cast). */
  storeDenied(evidence: Record<string, unknown>, atMs: number, intentId: string | null, votes?: RiskVote[]): SigningDeniedError;
  /** A duplicate that may no longer have its recorded signature. */
  replayDenied(intentId: string, code: ReasonCode, atMs: number): never;
};

/**
 * The denial helpers of one Warden's signing path.
 *
 * @example
 * const denials = createDenials(ctx, { metrics, route, onSecurityAlert })
 */
export function createDenials(
  ctx: Pick<WardenContext, "store" | "logger" | "now">,
  deps: { metrics: SigningMetrics; route: Route; onSecurityAlert?: (alert: SecurityAlert) => void },
): Denials {
  const payload: Denials["payload"] = (session, intent, vote, votes) => ({
    session_id: session?.session_id ?? null,
    strategy_id: session?.scope.strategy_id ?? null,
    intent_id: intent?.intent_id ?? null,
    method: intent?.method ?? null,
    decision: "DENY",
    reason_code: vote.reason_code,
    votes: compactVotes(votes),
  });
  const deny: Denials["deny"] = (session, intent, vote, votes) => {
    deps.metrics.registry.inc("warden_decisions_total", { decision: "DENY", reason_code: vote.reason_code ?? "" });
    ctx.logger.info({ session_id: session?.session_id, intent_id: intent?.intent_id, reason_code: vote.reason_code, bot_id: vote.bot_id }, "denied");
    throw new SigningDeniedError({ vote, votes, intentId: intent?.intent_id ?? null });
  };
  return {
    payload,
    deny,
    alert(session, vote, explicit) {
      const kind =
        explicit ??
        (vote.reason_code === "WALLET_PERMISSION_DENIED"
          ? "WalletPermissionDenied"
          : vote.reason_code === "SESSION_STRATEGY_MISMATCH"
            ? "SessionStrategyMismatch"
            : null);
      if (!kind) return;
      const a: SecurityAlert = { alert: kind, session_id: session.session_id, strategy_id: session.scope.strategy_id, vote };
      ctx.logger.warn({ alert: kind, session_id: a.session_id, strategy_id: a.strategy_id, reason_code: vote.reason_code, evidence: vote.evidence }, "security alert");
      deps.onSecurityAlert?.(a);
    },
    async refuse(session, vote) {
      try {
        await ctx.store.appendAudit({ kind: "decision", at_ms: ctx.now(), payload: payload(session, null, vote, [vote]) });
      } catch {
        ctx.logger.error({ reason_code: vote.reason_code }, "denial could not be audited: store unavailable");
      }
      // An undecodable request from a live session routes too (seed 003: SEC_SIGNING_INVALID pauses).
      if (session && session.revoked_at_ms === null) await deps.route(session, vote);
      return deny(session, null, vote, [vote]);
    },
    storeDenied(evidence, atMs, intentId, votes = []) {
      const vote = systemVote("warden.store", "STORE_DATA_UNAVAILABLE", evidence, atMs);
      return new SigningDeniedError({ vote, votes: [...votes, vote], intentId });
    },
    replayDenied(intentId, code, atMs) {
      const vote = systemVote("warden.idempotency", code, { replay_of: intentId }, atMs);
      throw new SigningDeniedError({ vote, votes: [vote], intentId });
    },
  };
}
