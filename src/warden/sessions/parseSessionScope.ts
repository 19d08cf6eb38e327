import type { Address } from "viem";
import { z } from "zod";
import type { WardenConfig } from "../../config/wardenConfigSchema";
import { knownExchanges } from "../../core/polymarket/exchanges";
import type { SessionScope } from "../../core/SessionScope";
import { type SessionRequest, sessionRequestSchema } from "../../core/sessionRequestSchema";
import { ConfigError } from "../../errors/ConfigError";
import type { GuardFinding } from "../../guards/Guard";

/**
 * A session request checked against the schema, the known exchanges and the operator's ceiling,
 * completed from the configured defaults.
 *
 * @param input - The request as the strategy's operator sent it.
 * @param config - The defaults and chain (the start-up config).
 * @param live - The configuration in force (its per-call ceiling may have been overridden).
 * @returns The scope, its lifetime, and scope warnings.
 * @throws {ConfigError} naming the field and the fix.
 * @example
 * parseSessionScope({ strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders"] }, config, live)
 */
export function parseSessionScope(
  input: SessionRequest,
  config: WardenConfig,
  live: WardenConfig,
): { scope: SessionScope; lifetimeS: number; warnings: GuardFinding[] } {
  const parsed = sessionRequestSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError({ problems: z.prettifyError(parsed.error), subject: "session request" });
  const chainId = config.chain_id;
  const exchanges = knownExchanges[chainId];
  const d = config.sessions.defaults;
  const r = parsed.data;
  const allow = (r.contract_allowlist ?? d.contract_allowlist).map((a) => a.toLowerCase() as Address);
  for (const a of allow) {
    if (!exchanges.some((e) => e.address === a))
      throw new ConfigError({
        subject: "session request",
        problems: `✖ contract_allowlist: ${a} is not a known exchange on chain ${chainId}; use one of ${exchanges.map((e) => `${e.name} ${e.address}`).join(", ")}`,
      });
  }
  const sizeUsd = r.max_per_call_size_usd ?? d.max_per_call_size_usd;
  const ceiling = live.guards.wallet_permission_guard.max_per_call_size_usd;
  if (sizeUsd > ceiling)
    throw new ConfigError({
      subject: "session request",
      problems: `✖ max_per_call_size_usd ${sizeUsd} exceeds the operator ceiling guards.wallet_permission_guard.max_per_call_size_usd = ${ceiling}; request at most that`,
    });
  const methods = [...new Set(r.method_whitelist ?? d.method_whitelist)];
  // ClobAuth is never a default: the API key it creates is the wallet's, not the session's.
  if (methods.includes("ClobAuth.sign") && !config.sessions.allow_clob_auth)
    throw new ConfigError({
      subject: "session request",
      problems:
        "✖ method_whitelist: ClobAuth.sign is off on this Warden (an API key of the wallet can read and cancel every order of the wallet, other strategies' too, and delete its keys); remove ClobAuth.sign from the request, or have the operator set sessions.allow_clob_auth: true",
    });
  const scope: SessionScope = {
    strategy_id: r.strategy_id,
    method_whitelist: methods,
    contract_allowlist: [...new Set(allow)],
    max_per_call_size_micros: BigInt(Math.round(sizeUsd * 1e6)),
    max_buy_price_micros: BigInt(Math.round((r.max_buy_price ?? d.max_buy_price) * 1e6)),
    min_sell_price_micros: BigInt(Math.round((r.min_sell_price ?? d.min_sell_price) * 1e6)),
    max_session_lifetime_s: Math.round((r.max_session_lifetime_h ?? d.max_session_lifetime_h) * 3600),
    max_calls_per_session: r.max_calls_per_session ?? d.max_calls_per_session,
    idle_timeout_s: r.idle_timeout_s ?? d.idle_timeout_s,
    require_reapproval_s: Math.round((r.require_reapproval_h ?? d.require_reapproval_h) * 3600),
  };
  const warnings: GuardFinding[] = [];
  if (methods.length > 0 && !methods.includes("CTFExchangeV2.matchOrders"))
    warnings.push({ reason_code: "PERMISSION_SCOPE_WARN", evidence: { whitelist_lacks_match_orders: true } });
  if (methods.includes("ClobAuth.sign"))
    warnings.push({ reason_code: "CLOB_AUTH_SCOPE_WARN", evidence: { method: "ClobAuth.sign", clob_auth_per_hour: config.sessions.clob_auth_per_hour } });
  return { scope, lifetimeS: scope.max_session_lifetime_s, warnings };
}
