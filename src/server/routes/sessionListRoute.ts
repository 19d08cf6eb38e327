import type { RouteContext, WardenRoute } from "../WardenRoute";

/** `GET /v1/sessions` (viewer): every session with its status (live, revoked, expired), without its credential hash (`warden session list`). */
export const sessionListRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/sessions",
  role: "viewer",
  summary: "Every session of the wallet (live, expired, revoked), without credentials.",
  handler: async () => {
    const now = Date.now();
    const sessions = (await warden.listSessions()).map((view) => ({
      ...view,
      strategy_id: view.scope.strategy_id,
      status: view.revoked_at_ms !== null ? "revoked" : view.valid_until_ms < now ? "expired" : "live",
    }));
    return { sessions };
  },
});
