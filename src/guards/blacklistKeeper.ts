import { hoursToResolution } from "../market/hoursToResolution";
import { defineRiskGuard } from "./defineRiskGuard";
import type { Guard, GuardFinding, GuardVerdict } from "./Guard";
import { marketOfOrder } from "./marketOfOrder";
import type { BlacklistKeeperConfig } from "./riskGuardsConfigSchema";

const HOUR_MS = 3_600_000;

/** `0x1234…cdef`: enough for an operator to recognise, never the full address. */
const redact = (address: string): string => (address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : "…");

/** Whole word or phrase, any case, any script: no letter, digit or `_` may touch either end. */
const keywordPattern = (keyword: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}_])${keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "iu");

/**
 * BlacklistKeeper (seed 002, `risk.blacklistkeeper`, default mode `limited_live`). Fail closed
 * first: either registry or the market metadata unavailable, of another token, or older than its
 * TTL → `BLACKLIST_KEEPER_DATA_UNAVAILABLE` (evidence names the source). Then, in the seed's order:
 * - `BLACKLIST_KEEPER_MARKET_BANNED`: the market's condition id is in the banned-market registry;
 * - `BLACKLIST_KEEPER_COUNTERPARTY_BANNED`: the declared counterparty is banned. Evidence holds
 *   `counterparty_redacted` for display and the full address only under `audit_only`, which is
 *   for the internal audit log; the user reads the registry's generic message;
 * - `BLACKLIST_KEEPER_NEAR_RESOLUTION`: fewer than `min_hours_to_resolution` (2 h) to the end
 *   date, or to the question's custom UMA liveness when that is longer (past end dates included);
 * - `BLACKLIST_KEEPER_SINGLE_SOURCE`: one resolution source and `block_single_source` on;
 * - `BLACKLIST_KEEPER_AMBIGUOUS_RULES`: an ambiguity keyword as a whole word in the rules text
 *   (evidence `keyword`), or no resolution source at all when `block_undefined_source` is on;
 * - `BLACKLIST_KEEPER_PRIOR_DISPUTE`: more than `max_prior_disputes` (0) recorded disputes.
 * Otherwise APPROVE with `BLACKLIST_KEEPER_PASS` (INFO), preceded by
 * `BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN` (WARN) when fewer than `warn_hours_to_resolution` (4 h)
 * remain. Thresholds compare milliseconds: exactly 2 h left is a WARN, exactly 4 h a plain pass.
 * KillSwitch runs before this guard in the pipeline, so an armed switch is never looked up here.
 *
 * @param config - `risk.blacklist` of {@link riskGuardsConfigSchema}.
 * @returns The guard.
 * @example
 * blacklistKeeper(riskGuardsConfigSchema.parse({}).blacklist)
 */
export function blacklistKeeper(config: BlacklistKeeperConfig): Guard {
  const keywords = config.ambiguity_keywords.map((keyword) => ({ keyword, pattern: keywordPattern(keyword) }));
  const minMs = Math.round(config.min_hours_to_resolution * HOUR_MS);
  const warnMs = Math.round(config.warn_hours_to_resolution * HOUR_MS);
  return defineRiskGuard({
    bot_id: "risk.blacklistkeeper",
    mode: config.mode,
    dataUnavailableCode: "BLACKLIST_KEEPER_DATA_UNAVAILABLE",
    evaluateOrder(intent, risk, ctx): GuardVerdict {
      const inputs_used = ["internal.banned_markets", "internal.banned_counterparties", "gamma.market.metadata", "declared.counterparty"];
      const unavailable = (source: string, reason: string, age_ms: number | null = null): GuardVerdict => ({
        deny: { reason_code: "BLACKLIST_KEEPER_DATA_UNAVAILABLE", evidence: { source, reason, age_ms } },
        inputs_used,
      });
      const { bannedMarkets, bannedCounterparties } = risk;
      if (bannedMarkets.status === "unavailable") return unavailable("banned_markets", bannedMarkets.reason);
      if (bannedMarkets.ageMs > config.registry_max_age_ms) return unavailable("banned_markets", "stale", bannedMarkets.ageMs);
      if (bannedCounterparties.status === "unavailable") return unavailable("banned_counterparties", bannedCounterparties.reason);
      if (bannedCounterparties.ageMs > config.registry_max_age_ms) return unavailable("banned_counterparties", "stale", bannedCounterparties.ageMs);
      const read = marketOfOrder(intent, risk, ctx.now_ms);
      if (read.status === "unavailable") return unavailable("gamma.market", read.reason, read.ageMs);
      if (read.ageMs > config.market_max_age_ms) return unavailable("gamma.market", "stale", read.ageMs);
      const market = read.snapshot;
      const condition_id = market.conditionId;

      if (bannedMarkets.value.ids.has(condition_id.toLowerCase())) {
        return { deny: { reason_code: "BLACKLIST_KEEPER_MARKET_BANNED", evidence: { condition_id, registry: "banned_markets" } }, inputs_used };
      }
      const counterparty = risk.declared.counterparty?.toLowerCase() ?? null;
      if (counterparty !== null && bannedCounterparties.value.ids.has(counterparty)) {
        return {
          deny: {
            reason_code: "BLACKLIST_KEEPER_COUNTERPARTY_BANNED",
            evidence: { registry: "banned_counterparties", counterparty_redacted: redact(counterparty), audit_only: { counterparty } },
          },
          inputs_used,
        };
      }
      const { resolution } = market;
      const msToEnd = resolution.endDateMs - ctx.now_ms;
      const livenessMs = (resolution.customLivenessSec ?? 0) * 1000;
      const hardMs = Math.max(minMs, livenessMs);
      const timing = { condition_id, hours_to_resolution: hoursToResolution({ market, nowMs: ctx.now_ms }), min_hours: hardMs / HOUR_MS };
      if (msToEnd < hardMs) return { deny: { reason_code: "BLACKLIST_KEEPER_NEAR_RESOLUTION", evidence: timing }, inputs_used };
      if (config.block_single_source && resolution.singleSource) {
        return {
          deny: { reason_code: "BLACKLIST_KEEPER_SINGLE_SOURCE", evidence: { condition_id, single_source: true, resolution_source: resolution.resolutionSource } },
          inputs_used,
        };
      }
      const matched = keywords.filter((k) => k.pattern.test(market.rulesText)).map((k) => k.keyword);
      const [keyword] = matched;
      if (keyword !== undefined) {
        return { deny: { reason_code: "BLACKLIST_KEEPER_AMBIGUOUS_RULES", evidence: { condition_id, keyword, keywords: matched } }, inputs_used };
      }
      if (config.block_undefined_source && resolution.resolutionSource === null) {
        return { deny: { reason_code: "BLACKLIST_KEEPER_AMBIGUOUS_RULES", evidence: { condition_id, undefined_resolution_source: true } }, inputs_used };
      }
      if (resolution.priorDisputeCount > config.max_prior_disputes) {
        return {
          deny: { reason_code: "BLACKLIST_KEEPER_PRIOR_DISPUTE", evidence: { condition_id, prior_disputes: resolution.priorDisputeCount } },
          inputs_used,
        };
      }
      const annotations: GuardFinding[] = [];
      if (msToEnd < warnMs) annotations.push({ reason_code: "BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN", evidence: { ...timing, warn_hours: config.warn_hours_to_resolution } });
      annotations.push({ reason_code: "BLACKLIST_KEEPER_PASS", evidence: { condition_id } });
      return { annotations, inputs_used };
    },
  });
}
