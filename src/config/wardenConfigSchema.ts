import { z } from "zod";
import { pusdAmount } from "../core/pusdAmount";
import { pusdPrice } from "../core/pusdPrice";
import { walletConfigSchema } from "./walletConfigSchema";
import { reasonCodeRoutingSchema } from "../guards/reasonCodeRouting";
import { riskGuardsConfigSchema } from "../guards/riskGuardsConfigSchema";
import { marketDataConfigSchema } from "../market/marketDataConfigSchema";
import { orderStatusConfigSchema } from "../market/orderStatusConfigSchema";
import { storeConfigSchema } from "../store/storeConfigSchema";
import { killSwitchConfigSchema } from "./killSwitchConfigSchema";
import { serverConfigSchema } from "./serverConfigSchema";
import { strategiesConfigSchema } from "./strategiesConfigSchema";
import { MODULE_MAX_ORDER_CLOCK_SKEW_SEC } from "../chain/moduleMaxOrderClockSkewSec";

const guardMode = z.enum(["shadow_only", "limited_live", "hard_guard", "quarantine"], {
  error: "mode must be one of shadow_only, limited_live, hard_guard, quarantine",
});

const positiveInt = (field: string, fix: string, max: number) =>
  z
    .number({ error: `${field} must be a number; ${fix}` })
    .int({ error: `${field} must be a whole number; ${fix}` })
    .min(1, { error: `${field} must be at least 1; ${fix}` })
    .max(max, { error: `${field} must be at most ${max}; ${fix}` });

/** Defaults a session request starts from (seed 004 §8 and seed 000). */
export const sessionDefaultsSchema = z
  .object({
    method_whitelist: z.array(z.enum(["CTFExchangeV2.matchOrders", "ClobAuth.sign"])).default([]),
    contract_allowlist: z.array(z.string()).default([]),
    max_per_call_size_usd: pusdAmount("sessions.defaults.max_per_call_size_usd", 1e9).default(1000),
    /** Highest price a BUY may pay, pUSD per share; 1 bounds nothing (a share pays out at most 1). */
    max_buy_price: pusdPrice("sessions.defaults.max_buy_price", { allowZero: false }).default(1),
    /** Lowest price a SELL may accept, pUSD per share; 0 bounds nothing. */
    min_sell_price: pusdPrice("sessions.defaults.min_sell_price", { allowZero: true }).default(0),
    max_session_lifetime_h: z
      .number({ error: "sessions.defaults.max_session_lifetime_h must be a number of hours, e.g. 24" })
      .positive({ error: "sessions.defaults.max_session_lifetime_h must be > 0 hours" })
      .max(720, { error: "sessions.defaults.max_session_lifetime_h must be at most 720 (30 days); shorten it" })
      .default(24),
    max_calls_per_session: positiveInt(
      "sessions.defaults.max_calls_per_session",
      "set a call budget such as 10000",
      10_000_000,
    ).default(10_000),
    idle_timeout_s: positiveInt("sessions.defaults.idle_timeout_s", "set seconds such as 3600", 30 * 86_400).default(3600),
    require_reapproval_h: z
      .number({ error: "sessions.defaults.require_reapproval_h must be a number of hours, e.g. 24" })
      .min(0, { error: "sessions.defaults.require_reapproval_h must be >= 0 hours" })
      .max(720, { error: "sessions.defaults.require_reapproval_h must be at most 720 hours" })
      .default(24),
  })
  .strict();

/**
 * The one definition of Warden's configuration. Every number is validated with a message that
 * names the field and the fix; unknown keys are errors (a typo never becomes a silent default).
 *
 * @example
 * const config = wardenConfigSchema.parse({ store: { path: "/var/lib/warden/warden.db" } })
 */
export const wardenConfigSchema = z
  .object({
    chain_id: z
      .union([z.literal(137), z.literal(80002)], {
        error: "chain_id must be 137 (Polygon) or 80002 (Amoy)",
      })
      .default(137),
    wallet: walletConfigSchema,
    server: serverConfigSchema,
    store: storeConfigSchema,
    signing: z
      .object({
        max_order_age_s: positiveInt("signing.max_order_age_s", "orders must be signed within this many seconds of their timestamp, e.g. 60", 3600).default(60),
        max_order_future_skew_s: z
          .number({ error: "signing.max_order_future_skew_s must be a number of seconds, e.g. 5" })
          .int({ error: "signing.max_order_future_skew_s must be whole seconds" })
          .min(0, { error: "signing.max_order_future_skew_s must be >= 0" })
          .max(300, { error: "signing.max_order_future_skew_s must be at most 300" })
          .default(5),
        max_clob_auth_age_s: positiveInt("signing.max_clob_auth_age_s", "set seconds such as 300", 3600).default(300),
        max_amount_usd: pusdAmount("signing.max_amount_usd", 1e12).default(1_000_000_000),
      })
      .strict()
      .default({ max_order_age_s: 60, max_order_future_skew_s: 5, max_clob_auth_age_s: 300, max_amount_usd: 1_000_000_000 }),
    sessions: z
      .object({
        grant_request_ttl_s: positiveInt("sessions.grant_request_ttl_s", "set seconds such as 600", 86_400).default(600),
        /** Pending grants held at once (expired ones are pruned a TTL after they expire); a request beyond is refused. */
        max_pending_grants: positiveInt("sessions.max_pending_grants", "set how many SessionGrants may wait for the owner's signature at once, e.g. 1000", 100_000).default(1000),
        /**
         * Whether a session may be granted `ClobAuth.sign`. Off by default: the API key that
         * signature creates is the wallet's, not the session's — it can read and cancel every order
         * of the wallet (other strategies' too) and delete the wallet's API keys.
         */
        allow_clob_auth: z
          .boolean({ error: "sessions.allow_clob_auth must be true or false (false: no session may sign ClobAuth)" })
          .default(false),
        /** ClobAuth signatures one session may get per rolling hour (each creates or derives an API key). */
        clob_auth_per_hour: positiveInt("sessions.clob_auth_per_hour", "set how many ClobAuth signatures a session may get per hour, e.g. 3", 60).default(3),
        defaults: sessionDefaultsSchema.default(sessionDefaultsSchema.parse({})),
      })
      .strict()
      .refine((s) => s.allow_clob_auth || !s.defaults.method_whitelist.includes("ClobAuth.sign"), {
        error:
          "sessions.defaults.method_whitelist lists ClobAuth.sign but sessions.allow_clob_auth is false; remove it from the defaults (ClobAuth is never a default) or set sessions.allow_clob_auth: true",
        path: ["defaults", "method_whitelist"],
      })
      .default({ grant_request_ttl_s: 600, max_pending_grants: 1000, allow_clob_auth: false, clob_auth_per_hour: 3, defaults: sessionDefaultsSchema.parse({}) }),
    guards: z
      .object({
        kill_switch: z
          .object({
            mode: z.literal("hard_guard", { error: "guards.kill_switch.mode must be hard_guard: the kill switch is never shadowed" }).default("hard_guard"),
          })
          .strict()
          .default({ mode: "hard_guard" }),
        session_key_manager: z.object({ mode: guardMode.default("hard_guard") }).strict().default({ mode: "hard_guard" }),
        wallet_permission_guard: z
          .object({
            mode: guardMode.default("hard_guard"),
            max_per_call_size_usd: pusdAmount("guards.wallet_permission_guard.max_per_call_size_usd", 1e9).default(1000),
          })
          .strict()
          .default({ mode: "hard_guard", max_per_call_size_usd: 1000 }),
        /**
         * Seed 004 §21's per-call timeout: a pipeline evaluation that has not decided within this
         * many ms denies with PIPELINE_TIMEOUT. Its evaluation only (not queueing, not the commit);
         * a normal one takes well under 1 ms.
         */
        pipeline_timeout_ms: z
          .number({ error: "guards.pipeline_timeout_ms must be a number of milliseconds, e.g. 10 (seed 004's per-call timeout)" })
          .positive({ error: "guards.pipeline_timeout_ms must be > 0 ms; set e.g. 10" })
          .max(1000, { error: "guards.pipeline_timeout_ms must be at most 1000 ms; a pipeline takes well under 1 ms, set e.g. 10" })
          .default(10),
      })
      .strict()
      .default({
        kill_switch: { mode: "hard_guard" },
        session_key_manager: { mode: "hard_guard" },
        wallet_permission_guard: { mode: "hard_guard", max_per_call_size_usd: 1000 },
        pipeline_timeout_ms: 10,
      }),
    /** Seed 003 and 002 guards: compliance, market halt, stale book, market quality, blacklist, exposure, drawdown. */
    risk: riskGuardsConfigSchema.prefault({}),
    /** Reason-code routing overrides (seed 003 table is the default). */
    routing: reasonCodeRoutingSchema.prefault({}),
    /** Market metadata, books and positions: the offline fixture file by default, Polymarket's APIs with source.kind "http". */
    market_data: marketDataConfigSchema.prefault({}),
    /** CLOB order-status watcher: releases the exposure of orders the CLOB reports cancelled or filled. Absent = off. */
    order_status: orderStatusConfigSchema.optional(),
    /** How an armed kill switch reaches the order book (cancels, heartbeat) and the chain (pauseUser); all opt-in. */
    kill_switch: killSwitchConfigSchema.prefault({}),
    /** What the operator says about each strategy id: its bot family (`strategies.<id>.family`), for family kill switches. */
    strategies: strategiesConfigSchema.default({}),
    /** Run-time overrides (seed 001 ManualOverrideAuditor): rate limit per authenticated operator. */
    overrides: z
      .object({
        max_per_window: positiveInt("overrides.max_per_window", "set how many overrides one operator may make per window, e.g. 3", 1000).default(3),
        window_s: positiveInt("overrides.window_s", "set the window in seconds, e.g. 86400", 30 * 86_400).default(86_400),
      })
      .strict()
      .prefault({}),
    /** Operator registries BlacklistKeeper reads. */
    registries: z
      .object({
        banned_markets: z
          .array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: "registries.banned_markets entries must be condition ids (0x + 64 hex)" }))
          .default([]),
        banned_counterparties: z
          .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: "registries.banned_counterparties entries must be addresses (0x + 40 hex)" }))
          .default([]),
      })
      .strict()
      .prefault({}),
    /** Equity model of the DrawdownGuard: capital + unrealised PnL marked to book mids. */
    equity: z
      .object({
        base_capital_usd: pusdAmount("equity.base_capital_usd", 1e12)
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
          error: "log.level must be one of fatal, error, warn, info, debug, trace, silent",
        }).default("info"),
      })
      .strict()
      .default({ level: "info" }),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Safe-module mode: the module judges every order Warden signs by the grant's maxOrderAgeSec and
    // its own clock-skew allowance. A signing window wider than either let Warden sign orders the
    // module already refuses (found by test/safe/proxyAgreesWithModule.chain.test.ts).
    if (c.wallet.mode === "safe-module") {
      if (c.signing.max_order_age_s > c.wallet.max_order_age_s)
        ctx.addIssue({
          code: "custom",
          path: ["signing", "max_order_age_s"],
          message: `signing.max_order_age_s (${c.signing.max_order_age_s}) is above wallet.max_order_age_s (${c.wallet.max_order_age_s}): Warden would sign orders the module already refuses as too old; lower signing.max_order_age_s to at most ${c.wallet.max_order_age_s} or raise wallet.max_order_age_s`,
        });
      if (c.signing.max_order_future_skew_s > MODULE_MAX_ORDER_CLOCK_SKEW_SEC)
        ctx.addIssue({
          code: "custom",
          path: ["signing", "max_order_future_skew_s"],
          message: `signing.max_order_future_skew_s (${c.signing.max_order_future_skew_s}) is above the Warden module's ${MODULE_MAX_ORDER_CLOCK_SKEW_SEC} s allowance for order timestamps ahead of the block: Warden would sign orders the module refuses; set it to at most ${MODULE_MAX_ORDER_CLOCK_SKEW_SEC} in safe-module mode`,
        });
    }
    // The heartbeat and the retiring of resting orders talk to the CLOB as the wallet.
    if (c.kill_switch.clob || c.order_status) return;
    for (const field of ["heartbeat", "max_resting_s"] as const)
      if (c.kill_switch[field] !== undefined)
        ctx.addIssue({ code: "custom", path: ["kill_switch", field], message: `kill_switch.${field} needs the wallet's CLOB API key: set kill_switch.clob (or order_status)` });
  });

/** Warden's validated, frozen configuration. */
export type WardenConfig = z.infer<typeof wardenConfigSchema>;

/** What callers may pass: every field optional, defaults filled in by the schema. */
export type WardenConfigInput = z.input<typeof wardenConfigSchema>;
