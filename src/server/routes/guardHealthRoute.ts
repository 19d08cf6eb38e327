import { z } from "zod";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";

/** The guards of the pipeline, by seed bot_id. */
export const GUARD_BOT_IDS = [
  "sec.sessionkeymanager",
  "sec.session_scope",
  "sec.wallet_permission_guard",
  "risk.killswitch",
  "risk.compliancegate",
  "risk.markethaltguard",
  "risk.stalebookguard",
  "risk.marketqualityguard",
  "risk.blacklistkeeper",
  "risk.exposureguard",
  "risk.drawdownguard",
] as const;

const params = z.strictObject({ bot_id: z.string().max(64) });

/**
 * `GET /internal/health/<bot_id>` (viewer, seed 004 §27): green or red with the reason. Every guard
 * is red when the store is unreachable (they read their state from it, fail closed); the
 * wallet-permission and session guards are red when no active session has a non-empty method
 * whitelist (nothing can be signed); the kill-switch guard is red while a switch is armed; the drawdown
 * guard is red without `equity.base_capital_usd` (it denies every order then).
 */
export const guardHealthRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/internal/health/:bot_id",
  role: "viewer",
  summary: "Green or red, with the reason, for one guard of the pipeline.",
  params,
  handler: async (req, reply) => {
    const { bot_id } = req.params as z.infer<typeof params>;
    if (!(GUARD_BOT_IDS as readonly string[]).includes(bot_id)) throw new HttpError(404, { error: "unknown_bot_id", fix: `Use one of ${GUARD_BOT_IDS.join(", ")}.` });
    const red = (reason: string) => reply.code(503).send({ bot_id, status: "red", reason });
    const store = await warden.store.health().catch(() => ({ ok: false as const, problem: "store unreachable" }));
    if (!store.ok) return red(`store unreachable: ${"problem" in store ? store.problem : "no answer"}`);
    if (bot_id === "sec.wallet_permission_guard" || bot_id === "sec.sessionkeymanager" || bot_id === "sec.session_scope") {
      const now = Date.now();
      const active = (await warden.store.listSessions()).filter((s) => s.revoked_at_ms === null && s.valid_until_ms > now);
      if (!active.some((s) => s.scope.method_whitelist.length > 0)) return red(active.length === 0 ? "no active session: nothing can be signed" : "every active session's method whitelist is empty");
    }
    if (bot_id === "risk.killswitch") {
      const armed = (await warden.store.killSwitches()).switches.filter((k) => k.armed);
      if (armed.length > 0) return red(`armed: ${armed.map((k) => (k.target === "*" ? k.scope : `${k.scope}:${k.target}`)).join(", ")}`);
    }
    if (bot_id === "risk.drawdownguard" && warden.config.equity.base_capital_usd === null) return red("equity.base_capital_usd is not set: every order is denied");
    return { bot_id, status: "green", reason: null };
  },
});
