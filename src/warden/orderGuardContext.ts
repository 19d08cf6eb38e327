import type { KillSwitchRecord, SessionRecord } from "../core/SessionRecord";
import type { GuardContext } from "../guards/Guard";
import type { RiskContext } from "../guards/RiskContext";
import type { RiskContextSource } from "./createRiskContextSource";

/** What an order's risk facts are assembled from, on the first read of `risk`. */
export type OrderRiskSource = { source: RiskContextSource; request: Parameters<RiskContextSource["forOrder"]>[0] };

/**
 * The snapshot an order's guards read, with `risk` assembled on its first read and kept: a
 * pipeline without risk guards never pays for it. The getter lives on the prototype, not as an
 * accessor defined on each object: a per-request getter closure gave every signature a hidden
 * class of its own in the old generation, which kept the whole request alive through every young
 * collection (regression test: test/warden/orderGuardContext.test.ts).
 *
 * @example
 * const ctx = new OrderGuardContext({ now_ms, session, claimed_strategy_id, kill_switches, max_per_call_size_micros }, { source, request })
 * ctx.risk.market.status // assembled now, once
 */
export class OrderGuardContext implements GuardContext {
  now_ms: number;
  session: SessionRecord;
  claimed_strategy_id: string;
  kill_switches: readonly KillSwitchRecord[];
  max_per_call_size_micros: bigint;
  #risk: RiskContext | undefined;
  #source: OrderRiskSource;

  constructor(base: Omit<GuardContext, "risk" | "clob_auth_signed_last_hour">, source: OrderRiskSource) {
    this.now_ms = base.now_ms;
    this.session = base.session;
    this.claimed_strategy_id = base.claimed_strategy_id;
    this.kill_switches = base.kill_switches;
    this.max_per_call_size_micros = base.max_per_call_size_micros;
    this.#source = source;
  }

  get risk(): RiskContext {
    return (this.#risk ??= this.#source.source.forOrder(this.#source.request));
  }
}
