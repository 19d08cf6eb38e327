import type { RiskVote } from "../core/RiskVote";
import type { SessionRecord } from "../core/SessionRecord";
import { routeFor } from "../guards/reasonCodeRouting";
import { setKillSwitch } from "./setKillSwitch";
import type { KillSwitchParameters } from "./Warden";
import type { WardenContext } from "./WardenContext";

/** Seed 003 routing of a deciding code: pause the strategy, queue for review, notify. */
export type Route = (session: SessionRecord, vote: RiskVote) => Promise<void>;

/**
 * Routes deciding reason codes as the (live) routing table says: a pause arms the strategy's kill
 * switch, a review is queued in the audit log, a notify POSTs the event off the signing path.
 *
 * @param ctx - The Warden's ports.
 * @param doFetch - Where notify routes POST.
 * @param arm - How a pause arms the strategy's switch (default: record it only; createWarden passes
 *   the kill-switch use case, which also cancels the strategy's resting orders).
 * @returns The router.
 * @example
 * const route = createRouting(ctx, fetch); await route(session, deciding)
 */
export function createRouting(
  ctx: Pick<WardenContext, "store" | "live" | "logger" | "now">,
  doFetch: typeof globalThis.fetch,
  arm: (p: KillSwitchParameters) => Promise<unknown> = (p) => setKillSwitch(ctx, p, true),
): Route {
  return async (session, vote) => {
    if (!vote.reason_code) return;
    const r = routeFor(vote.reason_code, ctx.live.config.routing);
    if (!r.pause && !r.review && !r.notify.webhook_url) return;
    const strategy = session.scope.strategy_id;
    const event = { reason_code: vote.reason_code, strategy_id: strategy, session_id: session.session_id, vote_id: vote.vote_id, pause: r.pause, review: r.review };
    try {
      if (r.pause)
        await arm({ scope: "strategy", strategy_id: strategy, actor: "warden.routing", reason: `${vote.reason_code} routes to pause (${r.pause})` });
      if (r.review) await ctx.store.appendAudit({ kind: "review_queued", at_ms: ctx.now(), payload: event });
    } catch {
      ctx.logger.error({ reason_code: vote.reason_code }, "routing could not be recorded: store unavailable");
    }
    ctx.logger.warn(event, "reason code routed");
    if (r.notify.webhook_url) {
      // Off the signing path: the denial does not wait for the webhook.
      doFetch(r.notify.webhook_url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(2_000),
      }).catch(() => ctx.logger.warn({ reason_code: vote.reason_code }, "notify webhook failed"));
    }
  };
}
