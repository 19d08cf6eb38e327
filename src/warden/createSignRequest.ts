import { hash } from "node:crypto";
import type { Address, Hex } from "viem";
import type { SignParameters } from "../core/SigningEndpoint";
import type { GuardContext } from "../guards/Guard";
import { runPipeline } from "../guards/runPipeline";
import { sessionIsLive } from "../guards/sessionIsLive";
import type { RiskVote } from "../core/RiskVote";
import type { SessionRecord } from "../core/SessionRecord";
import type { SigningIntent } from "../core/SigningIntent";
import { compactVotes } from "../guards/compactVotes";
import { decodeSigningRequest } from "../signer/decodeSigningRequest";
import { type ClobAuthHold, createClobAuthLimiter } from "./createClobAuthLimiter";
import type { Denials } from "./createDenials";
import type { Route } from "./createRouting";
import type { SigningMetrics } from "./createSigningMetrics";
import type { SignOptions } from "./SignOptions";
import { OrderGuardContext } from "./orderGuardContext";
import { systemVote } from "./systemVote";
import type { WardenContext } from "./WardenContext";

/**
 * sha256 of a bearer credential: the only form the store keeps. One-shot `crypto.hash`: a
 * `createHash` object per request is a native handle the young collector must process.
 */
export const hashCredential = (credential: string): string => hash("sha256", credential, "hex");

/**
 * This thread's CPU time in ms: what confirms a pipeline overrun (time the OS gave to other
 * processes is not the pipeline's). A syscall (~2-4 µs here), so only the rare confirming run reads it.
 */
const threadCpuMs = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

/** How often a decision is re-evaluated when the session changed between its snapshot and its commit. */
const MAX_COMMIT_RETRIES = 8;

/** No ClobAuth document can name it (not 20 bytes): a session without its key here gets none signed. */
const NO_CLOB_AUTH_ADDRESS = "0x" as Address;

/**
 * The signing path of one Warden, top to bottom: authenticate the session → decode the request
 * into an intent → read what the decision depends on → run the guard pipeline → sign → commit the
 * decision → release the signature.
 *
 * @param ctx - The Warden's ports.
 * @param deps - Metrics, denials and routing of this Warden.
 * @returns `sign(params, options)`: the signature, or a thrown `SigningDeniedError` with the deciding vote.
 * @example
 * const sign = createSignRequest(ctx, { metrics, denials, route }); await sign({ credential, strategy_id, request }, { sharedCommit: true })
 */
export function createSignRequest(
  ctx: WardenContext,
  { metrics, denials, route }: { metrics: SigningMetrics; denials: Denials; route: Route },
): (params: SignParameters, options?: SignOptions) => Promise<Hex> {
  const { store, wallet, logger, now, config } = ctx;
  const limits = {
    chainId: config.chain_id,
    hasher: ctx.hasher,
    expects: wallet.expects,
    maxOrderAgeMs: config.signing.max_order_age_s * 1000,
    maxOrderFutureSkewMs: config.signing.max_order_future_skew_s * 1000,
    maxClobAuthAgeMs: config.signing.max_clob_auth_age_s * 1000,
    maxAmountUnits: BigInt(Math.round(config.signing.max_amount_usd * 1e6)),
  };
  // Signing calls under way in this process: one alone needs no group commit (see CommitDecisionInput.flush),
  // unless its caller knows better (SignOptions.sharedCommit).
  let signing = 0;
  const clobAuth = createClobAuthLimiter(store);

  /** A decision against the intent: audited (if the store can), routed unless shadowed, thrown. */
  const denyDecided = async (session: SessionRecord, intent: SigningIntent, deciding: RiskVote, votes: RiskVote[], at: number): Promise<never> => {
    // Denials are audited but not kept as idempotency records: many are transient (data
    // unavailable, a throttle, a stale book), and a retry deserves a fresh decision.
    try {
      await store.appendAudit({ kind: "decision", at_ms: at, payload: denials.payload(session, intent, deciding, votes) });
    } catch {
      logger.error({ reason_code: deciding.reason_code }, "denial could not be audited: store unavailable");
      return denials.deny(session, intent, deciding, votes);
    }
    if (deciding.mode !== "shadow_only") await route(session, deciding);
    return denials.deny(session, intent, deciding, votes);
  };

  const signOnce = async ({ credential, strategy_id, request, declared }: SignParameters, sharedCommit: boolean): Promise<Hex> => {
    let at = now();
    // 1. Authenticate: an unknown, revoked or killed session is refused before anything is decoded.
    let session;
    try {
      session = typeof credential === "string" ? await store.findSessionByCredentialHash(hashCredential(credential)) : undefined;
    } catch {
      logger.error({ reason_code: "STORE_DATA_UNAVAILABLE" }, "denied: store unavailable");
      throw denials.storeDenied({}, at, null);
    }
    if (!session) return denials.refuse(null, systemVote("sec.sessionkeymanager", "SESSION_CREDENTIAL_INVALID", {}, at));
    if (session.revoked_at_ms !== null) {
      const code = session.revoke_reason === "kill_switch" ? "KILL_SWITCH_ACTIVE" : "SESSION_REVOKED";
      return denials.refuse(session, systemVote("sec.sessionkeymanager", code, { revoked_at_ms: session.revoked_at_ms }, at));
    }

    // 2. Decode: anything that is not exactly a known order or ClobAuth document for this wallet is refused.
    // safe-module: a session's ClobAuth names that session's own key (no key here: no address matches).
    // Asked only for a ClobAuth document (the key store lookup stays off the order path).
    const clobAuthAddress =
      wallet.clobAuthAddressOf && request?.kind === "typed_data" && request.typedData?.primaryType === "ClobAuth" ? (wallet.clobAuthAddressOf(session.session_id) ?? NO_CLOB_AUTH_ADDRESS) : null;
    const decoded = decodeSigningRequest(request, clobAuthAddress ? { ...limits, expects: { ...limits.expects, clobAuthAddress }, nowMs: at } : { ...limits, nowMs: at });
    if (!decoded.ok) return denials.refuse(session, systemVote("sec.signing_request", decoded.reason_code, decoded.evidence, at));
    const intent = decoded.intent;

    for (let attempt = 0; attempt < MAX_COMMIT_RETRIES; attempt++) {
      at = now();
      // 3. Read what the decision depends on, together: the commit compares it.
      let snap;
      try {
        snap = await store.decisionSnapshot(session.session_id, intent.intent_id);
        // The day's first order loads its start-of-day equity, a session's first ClobAuth its hour of
        // ClobAuth signatures; every other request awaits nothing here.
        const ready = intent.kind === "order" ? ctx.risk.prepare(at) : intent.kind === "clob_auth" ? clobAuth.prepare(session.session_id) : null;
        if (ready) await ready;
      } catch {
        logger.error({ session_id: session.session_id, intent_id: intent.intent_id }, "denied: store unavailable");
        throw denials.storeDenied({}, at, intent.intent_id);
      }
      const current = snap.session ?? session;
      if (snap.existing?.signature) {
        // A recorded signature is the session's for its own strategy: a replay claiming another is
        // the same misuse the SessionKeyManager refuses on a new intent, so it is refused and alerted.
        if (strategy_id !== current.scope.strategy_id) {
          const vote = systemVote(
            "sec.sessionkeymanager",
            "SESSION_STRATEGY_MISMATCH",
            { session_strategy_id: current.scope.strategy_id, claimed_strategy_id: strategy_id, replay_of: intent.intent_id },
            at,
          );
          denials.alert(current, vote);
          return denyDecided(current, intent, vote, [vote], at);
        }
        // Idempotency: a duplicate gets the recorded signature, while the session is still live —
        // and only once that record is durable: a concurrent duplicate may find it still committing.
        // A spent call budget does not matter here: the replay spends nothing.
        try {
          await store.awaitDurable(snap.existing.audit_seq);
        } catch {
          logger.error({ session_id: session.session_id, intent_id: intent.intent_id }, "duplicate denied: the original approval's commit failed");
          throw denials.storeDenied({ replay_of: intent.intent_id }, at, intent.intent_id);
        }
        if (current.revoked_at_ms === null && now() <= current.valid_until_ms) return snap.existing.signature;
        return denials.replayDenied(intent.intent_id, "SESSION_KEY_EXPIRED", at);
      }

      // 4. The guard pipeline judges the intent against that snapshot (pure: no I/O).
      const base = {
        now_ms: at,
        session: current,
        claimed_strategy_id: strategy_id,
        kill_switches: snap.kill.switches,
        max_per_call_size_micros: ctx.live.operatorCapMicros,
      };
      let guardCtx: GuardContext = base;
      if (intent.kind === "order") {
        // A token Warden does not track yet is tracked only for a live session, within its limits.
        const admission = ctx.risk.admitToken({
          tokenId: intent.order.tokenId.toString(),
          sessionId: current.session_id,
          nowMs: at,
          live: () => sessionIsLive(intent, base),
        });
        if (admission.status === "refused") {
          const vote = systemVote("warden.market_data", admission.reason_code, admission.evidence, at);
          return denyDecided(current, intent, vote, [vote], at);
        }
        guardCtx = new OrderGuardContext(base, {
          source: ctx.risk,
          request: { intent, strategyId: current.scope.strategy_id, nowMs: at, declared: declared ?? {}, exposure: snap.exposure },
        });
      } else if (intent.kind === "clob_auth") {
        guardCtx = { ...base, clob_auth_signed_last_hour: clobAuth.signedLastHour(current.session_id, at) };
      }
      const expected = { calls: current.calls_used, epoch: snap.kill.epoch, ledger: snap.exposure.version };
      const started = performance.now();
      // The per-call timeout (seed 004 §21) bounds this evaluation only: not the queueing before it nor the commit after.
      let result = runPipeline(ctx.live.guards, intent, guardCtx, { onTimed: metrics.observeGuard, timeoutMs: ctx.live.config.guards.pipeline_timeout_ms, confirmClock: threadCpuMs });
      metrics.registry.observe("warden_pipeline_eval_latency_seconds", performance.now() - started);
      // The wallet must be able to sign now (deposit wallet: its session signer authorised on-chain,
      // by a fresh answer kept in memory). Asked after every guard voted, so its denial is audited
      // like theirs; not a configurable guard, so no guard list or mode can drop it.
      const readiness = result.decision === "APPROVE" && intent.kind !== "unsignable" ? wallet.readiness?.(at, { sessionId: current.session_id }) : undefined;
      if (readiness && !readiness.ready) {
        const vote = systemVote("warden.wallet", readiness.reason_code, readiness.evidence, at);
        result = { decision: "DENY", deciding: vote, votes: [...result.votes, vote] };
      }
      for (const v of result.votes) {
        metrics.countVote(v);
        if (v.decision === "DENY") denials.alert(current, v);
      }
      if (result.decision === "DENY" || intent.kind === "unsignable") {
        const deciding = result.deciding ?? systemVote("sec.wallet_permission_guard", "WALLET_PERMISSION_DENIED", { method: intent.method }, at);
        return denyDecided(current, intent, deciding, result.votes, at);
      }

      // 5. Sign, then commit: the signature exists only in this function until its decision is durable.
      // A ClobAuth signature is counted (and the count stored) before it exists; nothing awaits
      // between the pipeline's count check and this hold, so concurrent requests cannot both pass.
      let hold: ClobAuthHold | null = null;
      if (intent.kind === "clob_auth") {
        try {
          hold = await clobAuth.hold(current.session_id, at);
        } catch {
          throw denials.storeDenied({}, at, intent.intent_id, result.votes);
        }
      }
      const signature = wallet.signIntent(intent, { sessionId: current.session_id });
      const exposure = intent.kind === "order" ? ctx.risk.exposureEntry({ intent, strategyId: current.scope.strategy_id, nowMs: at }) : null;
      let committed;
      try {
        committed = await store.commitDecision({
          decision: { session_id: current.session_id, intent_id: intent.intent_id, decision: "APPROVE", reason_code: null, signature, audit_seq: -1 },
          audit: {
            kind: "decision",
            at_ms: at,
            payload: {
              session_id: current.session_id,
              strategy_id: current.scope.strategy_id,
              intent_id: intent.intent_id,
              method: intent.method,
              contract_address: intent.contract_address,
              size_usd: intent.size_usd,
              decision: "APPROVE",
              reason_code: null,
              signature,
              votes: compactVotes(result.votes),
              // JSON-safe (no bigint) so the audit payload serialises on the fast path. Its intent,
              // strategy and time are the record's own (the store restores them on reload).
              ...(exposure
                ? { exposure: { cluster_id: exposure.cluster_id, condition_id: exposure.condition_id, side: exposure.side, notional_micros: exposure.notional_micros.toString() } }
                : {}),
            },
          },
          reserve: {
            expected_calls_used: expected.calls,
            expected_kill_epoch: expected.epoch,
            ...(exposure ? { exposure: { entry: exposure, expected_ledger_version: expected.ledger } } : {}),
          },
          flush: signing === 1 && !sharedCommit ? "alone" : "group",
        });
      } catch (e) {
        // SIGN BEFORE COMMIT IS SAFE ONLY BECAUSE OF THIS: a signature whose decision could not be
        // made durable is discarded here, never returned.
        logger.error({ session_id: current.session_id, intent_id: intent.intent_id, error: e instanceof Error ? e.name : "unknown" }, "approval discarded: store unavailable");
        await hold?.release();
        throw denials.storeDenied({}, at, intent.intent_id, result.votes);
      }
      // 6. Release: the decision is on record.
      if (committed.status === "committed") {
        metrics.registry.inc("warden_decisions_total", { decision: "APPROVE", reason_code: "" });
        logger.debug({ session_id: current.session_id, intent_id: intent.intent_id, audit_seq: committed.audit.seq }, "signed");
        return signature;
      }
      // The session changed between snapshot and commit (another call, a revoke, a kill): re-evaluate.
      await hold?.release();
    }
    throw denials.storeDenied({ cause: "contention" }, now(), intent.intent_id);
  };

  return async (params, options) => {
    signing++;
    try {
      return await signOnce(params, options?.sharedCommit === true);
    } finally {
      signing--;
    }
  };
}
