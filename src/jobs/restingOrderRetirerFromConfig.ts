import type { Logger } from "pino";
import type { Warden } from "../warden/Warden";
import { createRestingOrderRetirer, type RestingOrderRetirer } from "./createRestingOrderRetirer";

/**
 * Builds the retirer of `kill_switch.max_resting_s`, or `null` when it is off. It looks every
 * half of `max_resting_s` (at least every second, at most every 30 s), so an order rests at most
 * about 1.5 × `max_resting_s` before its cancel is sent.
 *
 * @param parameters - `{ warden, logger? }`.
 * @returns The (unstarted) retirer, or `null`.
 * @example
 * ```ts
 * restingOrderRetirerFromConfig({ warden, logger })?.start();
 * ```
 */
export function restingOrderRetirerFromConfig({ warden, logger }: { warden: Pick<Warden, "config" | "retireRestingOrders">; logger?: Logger }): RestingOrderRetirer | null {
  const maxS = warden.config.kill_switch.max_resting_s;
  if (maxS === undefined) return null;
  return createRestingOrderRetirer({ warden, pollIntervalMs: Math.min(30_000, Math.max(1_000, (maxS * 1000) / 2)), ...(logger ? { logger } : {}) });
}
