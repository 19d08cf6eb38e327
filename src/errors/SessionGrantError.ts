import { WardenError } from "./WardenError";

/** Why a grant or revoke was refused. */
export type SessionGrantErrorReason =
  | "unknown_grant"
  | "grant_already_used"
  | "grant_request_expired"
  | "too_many_pending_grants"
  | "bad_signature"
  | "unknown_session"
  | "wrong_wallet"
  | "safe_grants_onchain";

const fixes: Record<SessionGrantErrorReason, string> = {
  unknown_grant: "Request a new session: this Warden holds no pending SessionGrant with this id (never requested here, or expired and pruned a grant_request_ttl_s after it expired).",
  grant_already_used: "Each SessionGrant issues one session; request a new one.",
  grant_request_expired: "The SessionGrant was not signed within sessions.grant_request_ttl_s; request a new one.",
  too_many_pending_grants: "sessions.max_pending_grants SessionGrants are waiting for the owner's signature: have them signed, or wait until they expire (sessions.grant_request_ttl_s), then request again.",
  bad_signature: "Sign the exact typed data Warden returned, with the wallet's key.",
  unknown_session: "Check the session id: no such session exists.",
  wrong_wallet: "Sign with the wallet that owns the session.",
  safe_grants_onchain:
    "This Warden serves a Safe: its owners grant a session with the Safe transaction POST /v1/sessions/request returns, and warden session revoke (POST /v1/sessions/revoke-safe) revokes it; off-chain-only Safe sessions are refused.",
};

/**
 * A SessionGrant or SessionRevoke was refused (reason code `SESSION_GRANT_INVALID`).
 *
 * @example
 * new SessionGrantError({ reason: "bad_signature" }).reasonCode // "SESSION_GRANT_INVALID"
 */
export class SessionGrantError extends WardenError {
  override name = "SessionGrantError";
  readonly reason: SessionGrantErrorReason;
  constructor({ reason, grantId }: { reason: SessionGrantErrorReason; grantId?: string }) {
    super({
      code: "WARDEN_ERR_SESSION_GRANT",
      reasonCode: "SESSION_GRANT_INVALID",
      details: grantId ? { reason, grant_id: grantId } : { reason },
      metaMessages: [fixes[reason]],
    });
    this.reason = reason;
  }
}
