import type { WardenRoute } from "../WardenRoute";

/** `GET /livez` (seed 004 §27): the process answers. Open. */
export const livezRoute = (): WardenRoute => ({
  method: "GET",
  url: "/livez",
  role: "open",
  summary: "Liveness: the process is up.",
  handler: async () => ({ status: "ok" }),
});
