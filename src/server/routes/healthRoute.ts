import type { RouteContext, WardenRoute } from "../WardenRoute";

/** `GET /health` (viewer): the store, wallet and chain, with the jobs' facts (the heartbeat's state). Kept for `warden status`. */
export const healthRoute = ({ warden, extraHealth }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/health",
  role: "viewer",
  summary: "Status for operators: store, wallet, chain and the background jobs.",
  handler: async (_req, reply) => {
    const health = await warden.store.health().catch(() => ({ ok: false }) as const);
    const extra = extraHealth?.() ?? {};
    if (health.ok) return { status: "ok", store: warden.config.store.kind, wallet: warden.walletAddress, chain_id: warden.config.chain_id, ...extra };
    return reply.code(503).send({ status: "unavailable", store: warden.config.store.kind, ...extra });
  },
});
