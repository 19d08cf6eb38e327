import { expect, test } from "vitest";
import type { ExposureView } from "../../src/core/exposure";
import { exposureMetrics } from "../../src/guards/exposureMetrics";
import type { ExposureLimits } from "../../src/guards/resolveExposureLimits";

const view: ExposureView = {
  global: { id: "global", grossMicros: 100n, netMicros: -40n },
  cluster: { id: "fed", grossMicros: 60n, netMicros: 20n, instruments: 2, instrumentIds: ["c1", "c2"] },
  market: { id: "c1", grossMicros: 30n, netMicros: -30n },
  strategy: { id: "nba-mm", grossMicros: 10n, netMicros: 10n, envelopesLastMinute: 4, notionalLastMinuteMicros: 7n },
};
const limits: ExposureLimits = {
  global: { grossCapMicros: 1000n, netCapMicros: 900n },
  cluster: { grossCapMicros: 800n, netCapMicros: 700n, maxInstruments: 5 },
  market: { grossCapMicros: 600n, netCapMicros: 500n },
  strategy: { grossCapMicros: 400n, netCapMicros: 300n, maxOrderSizeMicros: 50n, maxEnvelopesPerMin: 10, maxNotionalPerMinMicros: 200n },
};
const row = (m: ReturnType<typeof exposureMetrics>[number]) => [m.key, m.level, m.id, m.metric, m.unit, m.before, m.after, m.cap, m.hitCode, m.nearCode];

test("every cap ExposureGuard enforces, in order, before and after a SELL of 50 on a new instrument (net caps on |net|)", () => {
  expect(exposureMetrics(view, limits, { notionalMicros: 50n, side: "SELL", newInstrument: true }).map(row)).toEqual([
    ["global.gross", "global", "global", "gross", "micros", 100n, 150n, 1000n, "RISK_EXPOSURE_CAP_HIT", null],
    ["global.net", "global", "global", "net", "micros", 40n, 90n, 900n, "RISK_EXPOSURE_CAP_HIT", null],
    ["cluster.gross", "cluster", "fed", "gross", "micros", 60n, 110n, 800n, "RISK_EXPOSURE_CAP_HIT", null],
    ["cluster.net", "cluster", "fed", "net", "micros", 20n, 30n, 700n, "RISK_EXPOSURE_CAP_HIT", null],
    ["cluster.instruments", "cluster", "fed", "instruments", "count", 2n, 3n, 5n, "RISK_EXPOSURE_CAP_HIT", null],
    ["market.gross", "market", "c1", "gross", "micros", 30n, 80n, 600n, "RISK_EXPOSURE_CAP_HIT", null],
    ["market.net", "market", "c1", "net", "micros", 30n, 80n, 500n, "RISK_EXPOSURE_CAP_HIT", null],
    ["strategy.gross", "strategy", "nba-mm", "gross", "micros", 10n, 60n, 400n, "RISK_EXPOSURE_CAP_HIT", "RISK_STRATEGY_CAP_NEAR"],
    ["strategy.net", "strategy", "nba-mm", "net", "micros", 10n, 40n, 300n, "RISK_EXPOSURE_CAP_HIT", "RISK_STRATEGY_CAP_NEAR"],
    ["strategy.envelopes_per_min", "throttle", "nba-mm", "envelopes_per_min", "count", 4n, 5n, 10n, "EXEC_RATE_LIMIT_EXCEEDED", "EXEC_RATE_LIMIT_NEAR"],
    ["strategy.notional_per_min", "throttle", "nba-mm", "notional_per_min", "micros", 7n, 57n, 200n, "EXEC_RATE_LIMIT_EXCEEDED", "EXEC_RATE_LIMIT_NEAR"],
  ]);
});

test("without an order, after equals before on every cap (what closest-to-breach reports)", () => {
  for (const m of exposureMetrics(view, limits, null)) expect(m.after).toBe(m.before);
});
