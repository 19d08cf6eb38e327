import { z } from "zod";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";

const params = z.strictObject({
  session_id: z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: "session_id must be 0x + 64 hex (see GET /v1/sessions)" }),
});

/** `GET /v1/sessions/:session_id` (viewer): one session, without its credential hash (`warden session show`). */
export const sessionShowRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/sessions/:session_id",
  role: "viewer",
  summary: "One session, without its credential.",
  params,
  handler: async (req) => {
    const { session_id } = req.params as z.infer<typeof params>;
    const view = await warden.getSession(session_id as `0x${string}`);
    if (!view) throw new HttpError(404, { error: "session_not_found", fix: "List the sessions with GET /v1/sessions (warden session list)." });
    return view;
  },
});
