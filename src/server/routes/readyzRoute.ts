import type { RouteContext, WardenRoute } from "../WardenRoute";

/**
 * `GET /readyz` (seed 004 §27): 200 when the store answers, the wallet is open and market data is
 * loaded; 503 naming what is not. A Warden exists only once its market source opened (createWarden
 * loads it), so `market_data` is red only through `readiness` (e.g. a source that went stale).
 * Open; says nothing about strategies, sessions or exposure.
 */
export const readyzRoute = ({ warden, readiness }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/readyz",
  role: "open",
  summary: "Readiness: store reachable, market data loaded, wallet ready.",
  handler: async (_req, reply) => {
    const store = await warden.store.health().catch(() => ({ ok: false as const }));
    const checks = {
      store: store.ok ? "ok" : "unreachable",
      wallet: /^0x[0-9a-fA-F]{40}$/.test(warden.walletAddress) ? "ok" : "not_ready",
      market_data: "ok",
      ...(readiness ? await readiness().catch(() => ({ readiness: "failed" })) : {}),
    };
    const ready = Object.values(checks).every((c) => c === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
  },
});
