import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { hex32 } from "./schemas";

const body = z.strictObject({ session_id: hex32("session_id") });

/**
 * `POST /v1/sessions/revoke-safe` (admin, safe-module mode): Warden stops signing for the session
 * at once and destroys its key (stopping is always safe, so an operator may), and returns the
 * `revokeSession` Safe transaction that ends it on-chain once the owners execute it.
 */
export const sessionRevokeSafeRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/revoke-safe",
  role: "admin",
  summary: "Revoke a Safe session: signing stops now; returns the revokeSession Safe transaction for the owners.",
  body,
  handler: async (req) => warden.revokeSafeSession((req.body as z.infer<typeof body>).session_id as never),
});
