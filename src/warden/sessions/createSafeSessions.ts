import { randomBytes } from "node:crypto";
import { type Hex, hashTypedData } from "viem";
import type { SessionRecord } from "../../core/SessionRecord";
import { sessionGrantTypedData } from "../../core/sessionTypedData";
import type { SessionRequest } from "../../core/sessionRequestSchema";
import { SessionGrantError } from "../../errors/SessionGrantError";
import type { SafeSessionAdmin } from "../../chain/createSafeSessionAdmin";
import { hashCredential } from "../createSignRequest";
import { requireHealthyStore } from "../requireHealthyStore";
import type { SessionGrantRequest, Warden } from "../Warden";
import type { WardenContext } from "../WardenContext";
import { parseSessionScope } from "./parseSessionScope";
import { createSafeStrategyIndices } from "./safeStrategyIndices";

/**
 * The session lifecycle of a Safe (safe-module mode). A request creates the session's fresh key,
 * builds the one Safe transaction the owners approve (`grantSession` with the on-chain scope, the
 * SessionGrant hash binding the off-chain rest) and issues the session at once, credential shown
 * once; the session signs nothing until its grant is read back from the module equal (the
 * tracker's poll, or {@link Warden.refreshSafeSession}). A revoke stops signing at once (store,
 * then the key is destroyed) and returns the `revokeSession` Safe transaction. A revocation the owners
 * make on-chain by themselves is recorded in the store (audited) and its key destroyed once the
 * read-back sees it.
 *
 * @param ctx - The Warden's ports.
 * @param admin - The sessions' chain side.
 * @returns The request, revoke and refresh operations for a Safe.
 * @example
 * const { requestSession } = createSafeSessions(ctx, ctx.safeSessions!);
 */
export function createSafeSessions(ctx: WardenContext, admin: SafeSessionAdmin): Pick<Warden, "revokeSafeSession" | "refreshSafeSession"> & { requestSession(input: SessionRequest): Promise<SessionGrantRequest> } {
  const { store, logger, now, config, wallet } = ctx;
  const strategyIndices = createSafeStrategyIndices(store);
  const chainId = config.chain_id;
  const sessionOf = async (sessionId: Hex) => {
    const session = await store.getSession(sessionId);
    if (!session?.safe_grant) throw new SessionGrantError({ reason: "unknown_session" });
    return session;
  };
  // The owners revoked a session on-chain by themselves: the read-back already stops its signing;
  // here the store records the revocation (audited) and the key is destroyed. A store that cannot
  // take it now is asked again until it can (the session stays unsignable meanwhile).
  const revokedOnChain = async (sessionId: Hex, attempt = 0): Promise<void> => {
    // The key goes first: whatever the store answers, nothing can be signed for the session again.
    if (attempt === 0) admin.discard(sessionId);
    try {
      const session = await store.getSession(sessionId);
      const at = now();
      if (session && session.revoked_at_ms === null)
        await store.revokeSessions([sessionId], "owner", at, {
          kind: "session_revoked",
          at_ms: at,
          payload: { reason_code: "SESSION_REVOKED", session_id: sessionId, strategy_id: session.scope.strategy_id, by: "the Safe's owners, on-chain (read back from the module)" },
        });
      logger.warn({ session_id: sessionId, reason_code: "SESSION_REVOKED" }, "Safe session revoked on-chain by the owners: key destroyed, revoked in the store");
    } catch {
      // Retried with backoff (5 s doubling to a minute) while the Warden runs; the key is gone already.
      if (!admin.running()) return;
      logger.error({ session_id: sessionId }, "Safe session revoked on-chain (key destroyed), but the store cannot record it yet: retrying");
      setTimeout(() => void revokedOnChain(sessionId, attempt + 1), Math.min(60_000, 5_000 * 2 ** attempt)).unref();
    }
  };
  admin.onRevokedOnChain((sessionId) => void revokedOnChain(sessionId));
  return {
    async requestSession(input) {
      await requireHealthyStore(store);
      const { scope, lifetimeS, warnings } = parseSessionScope(input, config, ctx.live.config);
      const at = now();
      const issuedAtSec = Math.floor(at / 1000);
      const validUntilSec = issuedAtSec + lifetimeS;
      const nonce = `0x${randomBytes(32).toString("hex")}` as Hex;
      const typed_data = sessionGrantTypedData({ chainId, wallet: wallet.address, scope, issuedAtSec, validUntilSec, nonce });
      const grant_id = hashTypedData(typed_data);
      const strategyIndex = await strategyIndices.indexOf(scope.strategy_id);
      const { safe_grant, safe_transaction, session_key: safe_grant_key } = await admin.prepare({ sessionId: grant_id, scope, validUntilSec, strategyIndex });
      const credential = `wdn_${randomBytes(32).toString("base64url")}`;
      const session: SessionRecord = {
        session_id: grant_id,
        wallet: wallet.expects.maker,
        chain_id: chainId,
        scope,
        grant_nonce: nonce,
        credential_hash: hashCredential(credential),
        issued_at_ms: issuedAtSec * 1000,
        valid_until_ms: validUntilSec * 1000,
        calls_used: 0,
        last_used_ms: at,
        revoked_at_ms: null,
        revoke_reason: null,
        safe_grant,
      };
      try {
        const saved = await store.savePendingGrant(
          { grant_id, wallet: session.wallet, nonce, scope, issued_at_s: issuedAtSec, valid_until_s: validUntilSec, expires_at_ms: at + config.sessions.grant_request_ttl_s * 1000, safe_grant },
          { kind: "grant_requested", at_ms: at, payload: { grant_id, strategy_id: scope.strategy_id, scope, warnings, safe_tx_hash: safe_transaction.safe_tx_hash } },
          // Bounded as every pending grant (see createSessions); this one is issued at once below.
          { pruneExpiredBeforeMs: at - config.sessions.grant_request_ttl_s * 1000, maxPending: config.sessions.max_pending_grants },
        );
        if (saved === "full") throw new SessionGrantError({ reason: "too_many_pending_grants" });
        await store.issueSession(session, grant_id, {
          kind: "session_issued",
          at_ms: at,
          payload: { reason_code: "SESSION_ISSUED", session_id: grant_id, strategy_id: scope.strategy_id, wallet: session.wallet, scope, valid_until_ms: session.valid_until_ms, safe_grant, safe_tx_hash: safe_transaction.safe_tx_hash },
        });
      } catch (e) {
        // Not issued: the fresh key must not outlive the request (destroyed before anything else).
        await admin.revoke(grant_id).catch(() => null);
        throw e;
      }
      admin.follow(grant_id, safe_grant);
      const activation = await admin.refresh(grant_id);
      for (const w of warnings) logger.warn({ grant_id, reason_code: w.reason_code, evidence: w.evidence }, "session scope warning");
      logger.info({ session_id: grant_id, strategy_id: scope.strategy_id, reason_code: "SESSION_ISSUED", safe_tx_hash: safe_transaction.safe_tx_hash }, "Safe session issued: signs once the owners' grant is on-chain");
      return {
        grant_id,
        typed_data,
        warnings,
        safe_session: { session_id: grant_id, credential, strategy_id: scope.strategy_id, valid_until_ms: session.valid_until_ms, signer_address: safe_grant_key, safe_transaction, activation },
      };
    },

    async revokeSafeSession(sessionId) {
      await requireHealthyStore(store);
      const session = await sessionOf(sessionId);
      const at = now();
      if (session.revoked_at_ms === null)
        await store.revokeSessions([sessionId], "owner", at, {
          kind: "session_revoked",
          at_ms: at,
          payload: { reason_code: "SESSION_REVOKED", session_id: sessionId, strategy_id: session.scope.strategy_id, by: "operator (Safe owners revoke on-chain)" },
        });
      const safe_transaction = await admin.revoke(sessionId);
      logger.info({ session_id: sessionId, reason_code: "SESSION_REVOKED", safe_tx_hash: safe_transaction?.safe_tx_hash ?? null }, "Safe session revoked: key destroyed");
      return { revoked: sessionId, safe_transaction };
    },

    async refreshSafeSession(sessionId) {
      const session = await sessionOf(sessionId);
      // Revoked in the store (by an operator, or the owners' on-chain revocation read back): the key
      // is gone and the session no longer followed, so the answer is the store's, never null.
      if (session.revoked_at_ms !== null) {
        const onchainSessionId = admin.activation(sessionId)?.onchainSessionId;
        return { active: false, problem: "revoked", ...(onchainSessionId ? { onchainSessionId } : {}) };
      }
      return admin.refresh(sessionId);
    },
  };
}
