import type { MarketSnapshot } from "./types.js";

/** Parameters of {@link hoursToResolution}. */
export type HoursToResolutionParameters = {
  market: Pick<MarketSnapshot, "resolution">;
  nowMs: number;
};

/** Hours until the market's scheduled end; negative once it has passed. */
export type HoursToResolutionReturnType = number;

/**
 * Hours from `nowMs` to the market's `endDate`, the figure BlacklistKeeper compares with its
 * thresholds (HARD below 2 h, the UMA challenge period; WARN below 4 h).
 *
 * @param parameters - `{ market, nowMs }`.
 * @returns Hours to resolution (negative when past).
 *
 * @example
 * ```ts
 * hoursToResolution({ market, nowMs: Date.now() }); // e.g. 1.5
 * ```
 */
export function hoursToResolution({ market, nowMs }: HoursToResolutionParameters): HoursToResolutionReturnType {
  return (market.resolution.endDateMs - nowMs) / 3_600_000;
}
