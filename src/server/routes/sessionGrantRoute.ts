import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { hex32, signatureHex } from "./schemas";

const body = z.strictObject({ grant_id: hex32("grant_id"), signature: signatureHex("signature") });

/** `POST /v1/sessions/grant` (owner: the wallet's signature of the pending grant): the credential, shown once. */
export const sessionGrantRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sessions/grant",
  role: "owner",
  summary: "Redeem a pending grant with the owner's signature: returns the session credential once.",
  body,
  handler: async (req) => warden.grantSession(req.body as z.infer<typeof body> as never),
});
