import { z } from "zod";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { strategyId } from "./schemas";

/** What `POST /v1/sign` takes; `request` and `declared` are decoded and checked by the library (decodeSigningRequest). */
export const signBodySchema = z.strictObject({
  strategy_id: strategyId,
  request: z.looseObject({ kind: z.enum(["typed_data", "message", "transaction"], { error: "request.kind must be typed_data, message or transaction" }) }),
  // What the strategy declares (DeclaredInputs): typed here so a wrong type is a 400 naming the
  // field; the guards judge the values (an unknown region fails the geofence closed).
  declared: z
    .strictObject({
      region: z.string({ error: "declared.region must be a string, e.g. \"CA-ON\"" }).max(64).optional(),
      inputs: z.array(z.string({ error: "declared.inputs must be strings" }).max(200), { error: "declared.inputs must be an array of strings" }).max(100).optional(),
      counterparty: z.string({ error: "declared.counterparty must be an address string" }).max(64).optional(),
    })
    .optional(),
});

/** `POST /v1/sign` (strategy): the guard pipeline decides; 200 with the signature or 403 with the reason code. */
export const signRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "POST",
  url: "/v1/sign",
  role: "strategy",
  summary: "Sign a request with the session's scope (the guard pipeline decides).",
  body: signBodySchema,
  handler: async (req) => {
    const b = req.body as z.infer<typeof signBodySchema>;
    // Each request starts in a socket read of its own and runs to its commit before the next is
    // read, so it looks alone: share the turn's commit instead (the reply still waits for it).
    const signature = await warden.sign(
      { credential: req.credential ?? "", strategy_id: b.strategy_id, request: b.request as never, ...(b.declared ? { declared: b.declared as never } : {}) },
      { sharedCommit: true },
    );
    return { signature };
  },
});
