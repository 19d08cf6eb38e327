import { z } from "zod";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { strategyId } from "./schemas";

const body = z.strictObject({
  strategy_id: strategyId,
  token_id: z.string({ error: "token_id is required: a decimal token id" }).regex(/^[0-9]{1,78}$/, { error: "token_id must be a decimal token id" }),
  min_utilisation_pct: z.number({ error: "min_utilisation_pct must be a number 0–100" }).min(0).max(100).optional(),
});

/** `POST /v1/risk/closest-to-breach` (viewer): seed 003's utilisation and minutes to breach per cap. */
export const closestToBreachRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/risk/closest-to-breach",
  role: "viewer",
  summary: "Caps an order on this token touches, closest to breach first.",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    const r = await warden.closestToBreach({ strategy_id: b.strategy_id, token_id: b.token_id, ...(b.min_utilisation_pct !== undefined ? { minUtilisationPct: b.min_utilisation_pct } : {}) });
    if (r.status === "ok") return { caps: r.caps };
    // A token nothing tracks is the caller's to fix (404); a tracked one without data is Warden's state (503).
    if (!r.token_tracked)
      throw new HttpError(404, { error: "token_not_tracked", token_id: b.token_id, fix: "Warden tracks no market data for this token: list it in market_data.token_ids, or check the token id." });
    throw new HttpError(503, { error: "exposure_unavailable", reason: r.reason, fix: "Market data or positions for this token are not loaded yet; retry, or see GET /readyz." });
  },
});
