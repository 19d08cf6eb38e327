import { processMetricsText } from "../../log/processMetricsText";
import type { RouteContext, WardenRoute } from "../WardenRoute";

/**
 * `GET /metrics` (viewer): Prometheus text — the signing path's and the store's metrics, the jobs',
 * the HTTP layer's, then the process's own (`warden_build_info`, prom-client's defaults). It names
 * strategies, exposure and kill-switch state, so it needs a token.
 */
export const metricsRoute = ({ warden, metrics, extraMetricsText }: RouteContext, inFlight: () => number): WardenRoute => ({
  method: "GET",
  url: "/metrics",
  role: "viewer",
  summary: "Prometheus metrics.",
  handler: async (_req, reply) => {
    const text = await warden.metricsText().catch(() => null);
    if (text === null) return reply.code(503).send({ error: "store_unavailable", fix: "Check the store; metrics read sessions and kill switches from it." });
    return reply.type("text/plain; version=0.0.4").send(text + (extraMetricsText?.() ?? "") + metrics.text(inFlight()) + (await processMetricsText()));
  },
});
