import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";

const query = z.strictObject({
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 1000" })
    .int({ error: "limit must be a whole number from 1 to 1000" })
    .min(1, { error: "limit must be at least 1" })
    .max(1000, { error: "limit must be at most 1000" })
    .default(20),
});

/** `GET /v1/audit?limit=N` (viewer): the newest N audit records, oldest first (`warden audit tail`). */
export const auditTailRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/audit",
  role: "viewer",
  summary: "The newest audit records (seq, time, kind, hash, payload), oldest first.",
  querystring: query,
  handler: async (req) => ({ records: await warden.store.readAuditTail((req.query as z.infer<typeof query>).limit) }),
});
