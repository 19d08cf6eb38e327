import type { SessionScope } from "../core/SessionScope";
import type { OrderIntent } from "../core/SigningIntent";
import type { Guard, GuardContext, GuardVerdict } from "./Guard";

/** Parameters of {@link sessionScopeGuard}: the operator's ClobAuth settings (`sessions.*`). */
export type SessionScopeGuardParameters = {
  /** `sessions.allow_clob_auth`: off, no session signs ClobAuth, whatever it was granted. */
  allowClobAuth: boolean;
  /** `sessions.clob_auth_per_hour`: ClobAuth signatures one session may get per rolling hour. */
  clobAuthPerHour: number;
};

const ONE = 1_000_000n;

function priceBand(intent: OrderIntent, scope: SessionScope): GuardVerdict {
  const inputs_used = ["session.price_band", "order.makerAmount", "order.takerAmount"];
  // Stores hand the band back as bigints (core/sessionScopeFromJson); anything else is a bug, and a
  // guard that throws denies.
  if (typeof scope.max_buy_price_micros !== "bigint" || typeof scope.min_sell_price_micros !== "bigint")
    throw new TypeError("session price band is not in micro-pUSD");
  const band = { maxBuyPriceMicros: scope.max_buy_price_micros, minSellPriceMicros: scope.min_sell_price_micros };
  const { makerAmount, takerAmount } = intent.order;
  // The decoder refuses zero amounts already; a zero here would make the price 0 or unbounded.
  if (makerAmount === 0n || takerAmount === 0n) {
    return { deny: { reason_code: "WALLET_PERMISSION_DENIED", evidence: { side: intent.side, zero_amount: true } }, inputs_used };
  }
  if (intent.side === "BUY") {
    // pUSD paid / shares received ≤ max  ⇔  makerAmount · 1e6 ≤ max · takerAmount (no division)
    if (makerAmount * ONE <= band.maxBuyPriceMicros * takerAmount) return { inputs_used };
    return {
      deny: {
        reason_code: "WALLET_PERMISSION_DENIED",
        evidence: { side: "BUY", bound: "max_buy_price", limit_price_micros: (makerAmount * ONE) / takerAmount, max_buy_price_micros: band.maxBuyPriceMicros },
      },
      inputs_used,
    };
  }
  // pUSD received / shares given ≥ min  ⇔  takerAmount · 1e6 ≥ min · makerAmount
  if (takerAmount * ONE >= band.minSellPriceMicros * makerAmount) return { inputs_used };
  return {
    deny: {
      reason_code: "WALLET_PERMISSION_DENIED",
      evidence: { side: "SELL", bound: "min_sell_price", limit_price_micros: (takerAmount * ONE) / makerAmount, min_sell_price_micros: band.minSellPriceMicros },
    },
    inputs_used,
  };
}

function clobAuth(ctx: GuardContext, { allowClobAuth, clobAuthPerHour }: SessionScopeGuardParameters): GuardVerdict {
  const inputs_used = ["config.sessions.allow_clob_auth", "session.whitelist", "session.clob_auth_signed_last_hour"];
  // Checked here as well as in the WalletPermissionGuard, because that one may be shadowed.
  const granted = (ctx.session.scope.method_whitelist as readonly string[]).includes("ClobAuth.sign");
  if (!allowClobAuth || !granted) {
    return {
      deny: { reason_code: "WALLET_PERMISSION_DENIED", evidence: { method: "ClobAuth.sign", allow_clob_auth: allowClobAuth, in_whitelist: granted } },
      inputs_used,
    };
  }
  const signed = ctx.clob_auth_signed_last_hour;
  if (signed === undefined) throw new TypeError("ClobAuth signatures of the session were not loaded");
  if (signed >= clobAuthPerHour) {
    return {
      deny: { reason_code: "CLOB_AUTH_RATE_EXCEEDED", evidence: { signed_last_hour: signed, clob_auth_per_hour: clobAuthPerHour } },
      inputs_used,
    };
  }
  return { inputs_used };
}

/**
 * The session's scope limits that bound real value, enforced whatever the WalletPermissionGuard's
 * mode: they are what the owner signed in the SessionGrant, not a rule being rolled out, so this
 * guard is always `hard_guard` (like the kill switch) and a shadowed WalletPermissionGuard cannot
 * open them.
 * - Orders: the price band — a BUY pays at most `max_buy_price` per share, a SELL accepts at least
 *   `min_sell_price` — compared exactly in integers; a breach is `WALLET_PERMISSION_DENIED` (a
 *   security alert) with the bound it crossed.
 * - ClobAuth: only while the operator allows it (`sessions.allow_clob_auth`) and the session was
 *   granted `ClobAuth.sign` (else `WALLET_PERMISSION_DENIED`: a session granted before the operator
 *   turned it off signs no more), and at most `clob_auth_per_hour` per session per rolling hour
 *   (`CLOB_AUTH_RATE_EXCEEDED`), counted from `ctx.clob_auth_signed_last_hour`.
 * Other intents pass.
 *
 * @param params - The operator's ClobAuth settings.
 * @returns The guard (bot_id `sec.session_scope`).
 * @example
 * runPipeline([...guards, walletPermissionGuard({ mode }), sessionScopeGuard({ allowClobAuth: false, clobAuthPerHour: 3 })], intent, ctx)
 */
export function sessionScopeGuard(params: SessionScopeGuardParameters): Guard {
  return {
    bot_id: "sec.session_scope",
    mode: "hard_guard",
    // Seed 004 §18: a scope that cannot be read fails closed with WALLET_PERMISSION_DENIED.
    dataUnavailableCode: "WALLET_PERMISSION_DENIED",
    evaluate(intent, ctx) {
      if (intent.kind === "order") return priceBand(intent, ctx.session.scope);
      if (intent.kind === "clob_auth") return clobAuth(ctx, params);
      return { inputs_used: [] };
    },
  };
}
