import type { Guard, GuardFinding } from "./Guard";
import type { GuardMode } from "../core/RiskVote";

const MATCH_ORDERS = "CTFExchangeV2.matchOrders";

/**
 * WalletPermissionGuard (seed 004 §6–14): the method must be in the session's whitelist (an empty
 * whitelist denies everything), the contract in its allowlist (requests with no contract, such as
 * ClobAuth, skip that check), and the value the wallet gives within the per-call cap (the smaller
 * of the session's and the operator's). What the wallet gives is the order's `makerAmount` on both
 * sides: a BUY pays that many pUSD base units, a SELL gives that many shares, valued at face value
 * (1 pUSD each, the most a share can pay out). All denials are `WALLET_PERMISSION_DENIED`; a value
 * above 80 % of the cap, or a non-empty whitelist without `CTFExchangeV2.matchOrders`, adds
 * `PERMISSION_SCOPE_WARN`. Unknown methods (messages, transactions, Permit, …) can never be
 * whitelisted, so they are always denied.
 *
 * @param params.mode - Guard mode (seed default hard_guard).
 * @example
 * walletPermissionGuard({ mode: "hard_guard" })
 */
export function walletPermissionGuard({ mode }: { mode: GuardMode }): Guard {
  return {
    bot_id: "sec.wallet_permission_guard",
    mode,
    // Seed 004 §18 safe_fallback: if the whitelist cannot be loaded, reject with WALLET_PERMISSION_DENIED.
    dataUnavailableCode: "WALLET_PERMISSION_DENIED",
    evaluate(intent, ctx) {
      const scope = ctx.session.scope;
      const whitelist: readonly string[] = scope.method_whitelist;
      const inputs_used = ["session.whitelist", "order.method"];
      if (whitelist.length === 0) {
        return {
          deny: { reason_code: "WALLET_PERMISSION_DENIED", evidence: { method: intent.method, whitelist_empty: true } },
          inputs_used,
        };
      }
      if (!whitelist.includes(intent.method)) {
        return {
          deny: { reason_code: "WALLET_PERMISSION_DENIED", evidence: { method: intent.method, in_whitelist: false } },
          inputs_used,
        };
      }
      inputs_used.push("session.contract_allowlist", "order.contract_address");
      if (intent.contract_address !== null && !scope.contract_allowlist.includes(intent.contract_address)) {
        return {
          deny: {
            reason_code: "WALLET_PERMISSION_DENIED",
            evidence: { contract_address: intent.contract_address, in_allowlist: false },
          },
          inputs_used,
        };
      }
      inputs_used.push("params.max_per_call_size_usd", "order.makerAmount");
      const cap =
        scope.max_per_call_size_micros < ctx.max_per_call_size_micros
          ? scope.max_per_call_size_micros
          : ctx.max_per_call_size_micros;
      const capUsd = Number(cap) / 1e6;
      // The cap bounds what the wallet gives, not what it receives: capping a SELL's proceeds
      // (takerAmount) would let a 100 pUSD session sell 100,000 shares at 0.001.
      const gives = intent.kind === "order" ? intent.order.makerAmount : 0n;
      const side = intent.kind === "order" ? intent.side : null;
      if (gives > cap) {
        return {
          deny: {
            reason_code: "WALLET_PERMISSION_DENIED",
            evidence: { side, gives_usd: Number(gives) / 1e6, max_per_call_size_usd: capUsd, size_exceeded: true },
          },
          inputs_used,
        };
      }
      const annotations: GuardFinding[] = [];
      // Strictly above 80 % warns (seed: "size > 0.8 * max"); compared in base units, no float error.
      if (gives * 10n > cap * 8n) {
        annotations.push({
          reason_code: "PERMISSION_SCOPE_WARN",
          evidence: { side, gives_usd: Number(gives) / 1e6, max_per_call_size_usd: capUsd },
        });
      }
      if (!whitelist.includes(MATCH_ORDERS)) {
        annotations.push({ reason_code: "PERMISSION_SCOPE_WARN", evidence: { whitelist_lacks_match_orders: true } });
      }
      return { annotations, inputs_used };
    },
  };
}
