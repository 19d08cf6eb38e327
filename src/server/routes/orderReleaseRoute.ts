import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";

const body = z.strictObject({
  intent_id: z.string({ error: "intent_id is required: the intent of the signed order" }).min(1).max(200),
  reason: z.enum(["cancelled", "filled", "expired"], { error: "reason must be cancelled, filled or expired" }),
});

/** `POST /v1/orders/release` (risk): ends an order's claim on exposure. A strategy cannot free its own caps. */
export const orderReleaseRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/orders/release",
  role: "risk",
  summary: "Release a signed order's exposure (cancelled, filled or expired).",
  body,
  handler: async (req) => {
    const b = req.body as z.infer<typeof body>;
    const released = await warden.releaseOrder({ intent_id: b.intent_id, reason: b.reason, actor: req.operator?.id ?? "operator" });
    return { intent_id: b.intent_id, released };
  },
});
