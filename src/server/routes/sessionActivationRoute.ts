import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { hex32 } from "./schemas";

const body = z.strictObject({ session_id: hex32("session_id") });

/**
 * `POST /v1/sessions/activation` (viewer, safe-module mode): reads the session's grant back from
 * the module now (instead of waiting for the next poll) and says whether Warden signs for it.
 */
export const sessionActivationRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/activation",
  role: "viewer",
  summary: "Read a Safe session's on-chain grant now: active, or why not (pending, mismatch, revoked, expired, stale).",
  body,
  handler: async (req) => ({ activation: await warden.refreshSafeSession((req.body as z.infer<typeof body>).session_id as never) }),
});
