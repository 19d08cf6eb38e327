import { z } from "zod";
import type { Store } from "../../store/Store";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";

const query = z.strictObject({
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 1000" })
    .int({ error: "limit must be a whole number from 1 to 1000" })
    .min(1, { error: "limit must be at least 1" })
    .max(1000, { error: "limit must be at most 1000" })
    .default(20),
});

/** The newest seq in the log, by galloping on `readAudit(seq, 1)`: O(log n) reads, no store method needed. */
async function headSeq(store: Store): Promise<number> {
  const exists = async (seq: number) => (await store.readAudit(seq, 1)).length > 0;
  if (!(await exists(1))) return 0;
  let lo = 1;
  let hi = 2;
  while (await exists(hi)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** `GET /v1/audit?limit=N` (viewer): the newest N audit records, oldest first (`warden audit tail`). */
export const auditTailRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/audit",
  role: "viewer",
  summary: "The newest audit records (seq, time, kind, hash, payload), oldest first.",
  handler: async (req) => {
    const parsed = query.safeParse(req.query ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, { error: "invalid_request", field: String(issue?.path[0] ?? "limit"), fix: issue?.message ?? "limit must be a whole number from 1 to 1000" });
    }
    const head = await headSeq(warden.store);
    const from = Math.max(1, head - parsed.data.limit + 1);
    return { head_seq: head, records: head === 0 ? [] : await warden.store.readAudit(from, parsed.data.limit) };
  },
});
