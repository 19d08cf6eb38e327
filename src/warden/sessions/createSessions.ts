import { randomBytes } from "node:crypto";
import { type Hex, hashTypedData } from "viem";
import type { SessionRecord } from "../../core/SessionRecord";
import { sessionGrantTypedData, sessionRevokeTypedData } from "../../core/sessionTypedData";
import { ConfigError } from "../../errors/ConfigError";
import { SessionGrantError } from "../../errors/SessionGrantError";
import { recoverWalletSigner } from "../../signer/recoverWalletSigner";
import { hashCredential } from "../createSignRequest";
import { requireHealthyStore } from "../requireHealthyStore";
import type { Warden } from "../Warden";
import type { WardenContext } from "../WardenContext";
import { createSafeSessions } from "./createSafeSessions";
import { parseSessionScope } from "./parseSessionScope";

/**
 * The session lifecycle (seed 000): a strategy's operator requests a scope, the owner signs the
 * SessionGrant, Warden issues a credential shown once; the owner revokes with a signed SessionRevoke.
 *
 * @param ctx - The Warden's ports.
 * @returns The four session operations of a Warden.
 * @example
 * const sessions = createSessions(ctx); const { grant_id, typed_data } = await sessions.requestSession({ strategy_id: "nba-mm" })
 */
export function createSessions(
  ctx: WardenContext,
): Pick<Warden, "requestSession" | "grantSession" | "sessionRevokeTypedData" | "revokeSession" | "revokeSafeSession" | "refreshSafeSession"> {
  const { store, logger, now, config, wallet } = ctx;
  const chainId = config.chain_id;
  // A Safe's sessions are granted and revoked on-chain: the signed-document paths refuse them.
  const safe = ctx.safeSessions ? createSafeSessions(ctx, ctx.safeSessions) : null;
  const notSafe = () => {
    throw new SessionGrantError({ reason: "safe_grants_onchain" });
  };
  const onlySafe = () => {
    throw new ConfigError({ subject: "wallet", problems: "✖ this Warden does not serve a Safe (wallet.mode is not safe-module): revoke with the owner's signed SessionRevoke (POST /v1/sessions/revoke)" });
  };
  return {
    revokeSafeSession: safe?.revokeSafeSession ?? onlySafe,
    refreshSafeSession: safe?.refreshSafeSession ?? onlySafe,
    async requestSession(input) {
      if (safe) return safe.requestSession(input);
      await requireHealthyStore(store);
      const { scope, lifetimeS, warnings } = parseSessionScope(input, config, ctx.live.config);
      const at = now();
      const issuedAtSec = Math.floor(at / 1000);
      const nonce = `0x${randomBytes(32).toString("hex")}` as Hex;
      const typed_data = sessionGrantTypedData({ chainId, wallet: wallet.address, scope, issuedAtSec, validUntilSec: issuedAtSec + lifetimeS, nonce });
      const grant_id = hashTypedData(typed_data);
      const ttlMs = config.sessions.grant_request_ttl_s * 1000;
      const saved = await store.savePendingGrant(
        {
          grant_id,
          wallet: wallet.expects.maker,
          nonce,
          scope,
          issued_at_s: issuedAtSec,
          valid_until_s: issuedAtSec + lifetimeS,
          expires_at_ms: at + ttlMs,
        },
        { kind: "grant_requested", at_ms: at, payload: { grant_id, strategy_id: scope.strategy_id, scope, warnings } },
        // An expired grant is kept one more TTL, so a late signature hears "expired", not "unknown";
        // then it is pruned. The count of held grants is capped whatever the rate of requests.
        { pruneExpiredBeforeMs: at - ttlMs, maxPending: config.sessions.max_pending_grants },
      );
      if (saved === "full") throw new SessionGrantError({ reason: "too_many_pending_grants" });
      for (const w of warnings) logger.warn({ grant_id, reason_code: w.reason_code, evidence: w.evidence }, "session scope warning");
      return { grant_id, typed_data, warnings };
    },

    async grantSession({ grant_id, signature }) {
      if (safe) notSafe();
      await requireHealthyStore(store);
      const grant = await store.getPendingGrant(grant_id);
      if (!grant) {
        const used = (await store.getSession(grant_id)) !== undefined;
        throw new SessionGrantError({ reason: used ? "grant_already_used" : "unknown_grant", grantId: grant_id });
      }
      const at = now();
      if (at > grant.expires_at_ms) throw new SessionGrantError({ reason: "grant_request_expired", grantId: grant_id });
      const signer = await recoverWalletSigner({ digest: grant_id, signature });
      if (signer !== (wallet.expects.grantSigner ?? grant.wallet)) throw new SessionGrantError({ reason: "bad_signature", grantId: grant_id });
      const credential = `wdn_${randomBytes(32).toString("base64url")}`;
      const session: SessionRecord = {
        session_id: grant_id,
        wallet: grant.wallet,
        chain_id: chainId,
        scope: grant.scope,
        grant_nonce: grant.nonce,
        credential_hash: hashCredential(credential),
        issued_at_ms: grant.issued_at_s * 1000,
        valid_until_ms: grant.valid_until_s * 1000,
        calls_used: 0,
        last_used_ms: at,
        revoked_at_ms: null,
        revoke_reason: null,
      };
      await store.issueSession(session, grant_id, {
        kind: "session_issued",
        at_ms: at,
        payload: {
          reason_code: "SESSION_ISSUED",
          session_id: grant_id,
          strategy_id: grant.scope.strategy_id,
          wallet: grant.wallet,
          scope: grant.scope,
          valid_until_ms: session.valid_until_ms,
          owner_signature: signature,
        },
      });
      logger.info({ session_id: grant_id, strategy_id: grant.scope.strategy_id, reason_code: "SESSION_ISSUED" }, "session issued");
      return { session_id: grant_id, credential, strategy_id: grant.scope.strategy_id, valid_until_ms: session.valid_until_ms };
    },

    sessionRevokeTypedData: (sessionId) => sessionRevokeTypedData({ chainId, wallet: wallet.address, sessionId }),

    async revokeSession({ session_id, signature }) {
      if (safe) notSafe();
      await requireHealthyStore(store);
      const session = await store.getSession(session_id);
      if (!session) throw new SessionGrantError({ reason: "unknown_session" });
      const digest = hashTypedData(sessionRevokeTypedData({ chainId, wallet: wallet.address, sessionId: session_id }));
      const signer = await recoverWalletSigner({ digest, signature });
      if (signer !== (wallet.expects.grantSigner ?? session.wallet)) throw new SessionGrantError({ reason: "wrong_wallet" });
      const at = now();
      await store.revokeSessions([session_id], "owner", at, {
        kind: "session_revoked",
        at_ms: at,
        payload: { reason_code: "SESSION_REVOKED", session_id, strategy_id: session.scope.strategy_id, owner_signature: signature },
      });
      logger.info({ session_id, reason_code: "SESSION_REVOKED" }, "session revoked");
    },
  };
}
