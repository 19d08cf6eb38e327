/** Counters of the HTTP layer, appended to `GET /metrics` (Prometheus text). */
export type HttpMetrics = {
  /** A request refused before any handler ran: no token, an unknown token or credential, the wrong role. */
  refused(route: string, reason: "unauthenticated" | "forbidden"): void;
  /** A request answered 429 because `server.max_in_flight` requests were already in flight. */
  overloaded(): void;
  text(inFlight: number): string;
};

/**
 * The HTTP counters. Refusals of unauthenticated requests are counted here, never written to the
 * audit log (an anonymous caller must not be able to fill the store's disk).
 *
 * @example
 * const m = createHttpMetrics(); m.refused("POST /v1/sign", "unauthenticated"); m.text(0)
 */
export function createHttpMetrics(): HttpMetrics {
  const refusals = new Map<string, number>();
  let overloaded = 0;
  return {
    refused(route, reason) {
      const key = `route="${route}",reason="${reason}"`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    },
    overloaded() {
      overloaded += 1;
    },
    text(inFlight) {
      const lines = [
        "# HELP warden_http_refused_total Requests refused before a handler ran (no or unknown token or credential, wrong role).",
        "# TYPE warden_http_refused_total counter",
        ...[...refusals].map(([k, n]) => `warden_http_refused_total{${k}} ${n}`),
        "# HELP warden_http_overloaded_total Requests answered 429 because server.max_in_flight requests were in flight.",
        "# TYPE warden_http_overloaded_total counter",
        `warden_http_overloaded_total ${overloaded}`,
        "# HELP warden_http_in_flight Requests being handled now.",
        "# TYPE warden_http_in_flight gauge",
        `warden_http_in_flight ${inFlight}`,
      ];
      return `${lines.join("\n")}\n`;
    },
  };
}
