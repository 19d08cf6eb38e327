import { buildPipeline } from "../guards/buildPipeline";
import type { Guard } from "../guards/Guard";
import type { WardenConfig } from "../config/wardenConfigSchema";

/**
 * The configuration in force and what is derived from it. Run-time overrides (seed 001) replace it
 * as a whole; everything that may change reads it here, never from a copy taken earlier.
 */
export type LiveConfig = {
  readonly config: WardenConfig;
  /** The raw input the config was parsed from (overrides edit it, then parse it again). */
  readonly raw: Record<string, unknown>;
  readonly guards: Guard[];
  /** Operator ceiling on any per-call size, pUSD base units. */
  readonly operatorCapMicros: bigint;
  /** The bot family of a strategy (`strategies.<id>.family`), null when it has none. */
  familyOf(strategyId: string): string | null;
  apply(raw: Record<string, unknown>, next: WardenConfig): void;
};

// Own properties only: a strategy id such as "constructor" must not find Object.prototype's.
const familyIn = (c: WardenConfig, id: string): string | null => (Object.hasOwn(c.strategies, id) ? (c.strategies[id]?.family ?? null) : null);

/**
 * The live configuration of one Warden.
 *
 * @param params - The parsed config, its raw input, and a guard list that replaces the configured pipeline (tests).
 * @returns The holder.
 * @example
 * const live = createLiveConfig({ config, raw: {} }); live.guards.length // 11
 */
export function createLiveConfig(params: { config: WardenConfig; raw: Record<string, unknown>; guards?: Guard[] }): LiveConfig {
  const derive = (c: WardenConfig) => ({
    guards:
      params.guards ??
      buildPipeline({
        risk: c.risk,
        sessionKeyManagerMode: c.guards.session_key_manager.mode,
        walletPermissionGuardMode: c.guards.wallet_permission_guard.mode,
        clobAuth: { allowClobAuth: c.sessions.allow_clob_auth, clobAuthPerHour: c.sessions.clob_auth_per_hour },
        familyOf: (id) => familyIn(c, id),
      }),
    operatorCapMicros: BigInt(Math.round(c.guards.wallet_permission_guard.max_per_call_size_usd * 1e6)),
  });
  let state = { config: params.config, raw: params.raw, ...derive(params.config) };
  return {
    get config() {
      return state.config;
    },
    get raw() {
      return state.raw;
    },
    get guards() {
      return state.guards;
    },
    get operatorCapMicros() {
      return state.operatorCapMicros;
    },
    familyOf: (id) => familyIn(state.config, id),
    apply(raw, next) {
      state = { config: next, raw, ...derive(next) };
    },
  };
}
