import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { hex32 } from "./schemas";

const body = z.strictObject({ session_id: hex32("session_id") });

/** `POST /v1/sessions/revoke-document` (viewer): the SessionRevoke typed data the owner signs. */
export const sessionRevokeDocumentRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/revoke-document",
  role: "viewer",
  summary: "The SessionRevoke typed data for a session, for the owner to sign.",
  body,
  handler: async (req) => warden.sessionRevokeTypedData((req.body as z.infer<typeof body>).session_id as never),
});
