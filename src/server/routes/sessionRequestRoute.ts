import { sessionRequestSchema } from "../../core/sessionRequestSchema";
import type { RouteContext, WardenRoute } from "../WardenRoute";

/**
 * `POST /v1/sessions/request` (admin): a pending SessionGrant for the owner to sign. It needs a token
 * (an anonymous caller could otherwise fill the store with pending grants); they expire after
 * `sessions.grant_request_ttl_s`, are pruned a TTL later, and at most `sessions.max_pending_grants`
 * are held (beyond: `429`).
 */
export const sessionRequestRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/request",
  role: "admin",
  summary: "Ask for a session: returns the SessionGrant typed data the owner signs.",
  body: sessionRequestSchema,
  handler: async (req) => warden.requestSession(req.body as never),
});
