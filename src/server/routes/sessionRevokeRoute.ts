import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { hex32, signatureHex } from "./schemas";

const body = z.strictObject({ session_id: hex32("session_id"), signature: signatureHex("signature") });

/** `POST /v1/sessions/revoke` (owner: the wallet's signature of the SessionRevoke). */
export const sessionRevokeRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/revoke",
  role: "owner",
  summary: "Revoke a session with the owner's signature.",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    await warden.revokeSession(b as never);
    return { revoked: b.session_id };
  },
});
