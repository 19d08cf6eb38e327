import { z } from "zod";
import { isReasonCode } from "../core/isReasonCode";
import { type ReasonCode, type ReasonCodeInfo, type RoutingDefault, reasonCodes } from "../core/reasonCodes";

/**
 * What happens when a code fires (seed 003, "Reason-code routing: Pause / Review / Notify per
 * code"). Every decision is logged and audited anyway; `notify.webhook_url` adds a POST (the
 * seed's "Slack").
 */
export type Route = {
  /** Pause the strategy (a strategy-level kill switch) now, or when it sends its next intent. */
  pause: "immediate" | "on_next_intent" | null;
  /** Queue the decision for a person. */
  review: boolean;
  notify: { log: true; webhook_url: string | null };
};

const httpUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http(s) URL such as https://hooks.slack.com/services/…` });

/**
 * Operator overrides of the routing table. `webhook_url` is where codes routed to "Slack" post by
 * default; `codes` overrides single fields per registered code.
 *
 * @example
 * reasonCodeRoutingSchema.parse({ webhook_url: "https://hooks.slack.com/services/T/B/x", codes: { RISK_BOOK_STALE_15S: { pause: "on_next_intent" } } })
 */
export const reasonCodeRoutingSchema = z
  .object({
    webhook_url: httpUrl("routing.webhook_url").nullable().default(null),
    codes: z
      .record(
        z.string(),
        z
          .object({
            pause: z
              .enum(["immediate", "on_next_intent", "none"], { error: "routing.codes.<code>.pause must be immediate, on_next_intent or none" })
              .optional(),
            review: z.boolean({ error: "routing.codes.<code>.review must be true or false" }).optional(),
            /** `null`: log only. */
            webhook_url: httpUrl("routing.codes.<code>.webhook_url").nullable().optional(),
          })
          .strict(),
      )
      .superRefine((codes, ctx) => {
        for (const code of Object.keys(codes)) {
          if (!isReasonCode(code)) ctx.addIssue({ code: "custom", path: [code], message: `routing.codes.${code} is not a registered reason code; check its spelling` });
        }
      })
      .default({}),
  })
  .strict();

/** Validated routing overrides. */
export type ReasonCodeRoutingConfig = z.infer<typeof reasonCodeRoutingSchema>;

/**
 * Seed 003's routing table, taken from the registry's `routing` column so it exists once:
 * "immediate" / "on next intent" pause, "queue" asks for review, "Slack" notifies the webhook,
 * "log only" logs. Codes the table does not list only log.
 *
 * @param routing - The registry's default for a code.
 * @param webhookUrl - The configured default webhook (where "Slack" goes).
 * @returns The route.
 */
function defaultRoute(routing: RoutingDefault | undefined, webhookUrl: string | null): Route {
  return {
    pause: routing === "immediate" ? "immediate" : routing === "on next intent" ? "on_next_intent" : null,
    review: routing === "queue",
    notify: { log: true, webhook_url: routing === "Slack" ? webhookUrl : null },
  };
}

/**
 * Where a code routes: seed 003's default, with the operator's per-field overrides applied.
 * A code routed to "Slack" with no webhook configured only logs.
 *
 * @param code - A registered reason code.
 * @param overrides - Validated {@link reasonCodeRoutingSchema} (defaults: `reasonCodeRoutingSchema.parse({})`).
 * @returns The route.
 * @example
 * routeFor("RISK_MARKET_HALTED", reasonCodeRoutingSchema.parse({})) // { pause: "immediate", review: false, notify: { log: true, webhook_url: null } }
 */
export function routeFor(code: ReasonCode, overrides: ReasonCodeRoutingConfig): Route {
  const info: ReasonCodeInfo = reasonCodes[code];
  const route = defaultRoute(info.routing, overrides.webhook_url);
  const o = overrides.codes[code];
  if (o === undefined) return route;
  return {
    pause: o.pause === undefined ? route.pause : o.pause === "none" ? null : o.pause,
    review: o.review ?? route.review,
    notify: { log: true, webhook_url: o.webhook_url === undefined ? route.notify.webhook_url : o.webhook_url },
  };
}
