import { describe, expect, test } from "vitest";
import { createClusterResolver } from "../../src/market/createClusterResolver.js";
import { MarketDataConfigError } from "../../src/errors/marketErrors.js";
import { parseGammaMarket } from "../../src/market/parseGammaMarket.js";
import { UNASSIGNED_CLUSTER, type MarketSnapshot, type SnapshotRead } from "../../src/market/types.js";
import { CONDITION_ID, NO_TOKEN, YES_TOKEN, gammaMarket } from "./payloads.js";

const OTHER = `0x${"cd".repeat(32)}`;
const market = parseGammaMarket({ raw: gammaMarket(), source: "test", key: "m", fetchedAtMs: 0 });
const known = (tokenId: string): SnapshotRead<MarketSnapshot> =>
  market.outcomes.some((outcome) => outcome.tokenId === tokenId)
    ? { status: "ok", snapshot: market, ageMs: 0 }
    : { status: "unavailable", reason: "missing", ageMs: null, lastError: null };

describe("createClusterResolver", () => {
  test("token → condition → operator cluster, for every outcome token", () => {
    const clusters = createClusterResolver({ assignments: { macro: [CONDITION_ID.toUpperCase().replace("0X", "0x")] }, getMarketByTokenId: known });
    for (const tokenId of [YES_TOKEN, NO_TOKEN]) {
      expect(clusters.clusterOfToken(tokenId)).toEqual({ status: "ok", tokenId, conditionId: CONDITION_ID, clusterId: "macro" });
    }
    expect(clusters.clusterOfCondition(CONDITION_ID)).toBe("macro");
  });

  test("an unassigned condition falls in the UNASSIGNED cluster", () => {
    const clusters = createClusterResolver({ assignments: { crypto: [OTHER] }, getMarketByTokenId: known });
    expect(clusters.clusterOfToken(YES_TOKEN)).toMatchObject({ status: "ok", clusterId: UNASSIGNED_CLUSTER });
    expect(clusters.clusterOfCondition(`0x${"99".repeat(32)}`)).toBe(UNASSIGNED_CLUSTER);
  });

  test("a token without metadata is unavailable, not unassigned", () => {
    const clusters = createClusterResolver({ assignments: {}, getMarketByTokenId: known });
    expect(clusters.clusterOfToken("42")).toEqual({ status: "unavailable", tokenId: "42", reason: "missing", lastError: null });
  });

  test("a stale market is unavailable too", () => {
    const stale = (): SnapshotRead<MarketSnapshot> => ({ status: "unavailable", reason: "stale", ageMs: 400_000, lastError: null });
    const clusters = createClusterResolver({ assignments: { macro: [CONDITION_ID] }, getMarketByTokenId: stale });
    expect(clusters.clusterOfToken(YES_TOKEN)).toMatchObject({ status: "unavailable", reason: "stale" });
  });

  test.each([
    ["a condition in two clusters", { a: [CONDITION_ID], b: [CONDITION_ID.toUpperCase().replace("0X", "0x")] }],
    ["a malformed condition id", { a: ["0x1234"] }],
    ["an empty cluster id", { "": [CONDITION_ID] }],
    ["the reserved cluster id", { [UNASSIGNED_CLUSTER]: [CONDITION_ID] }],
  ])("refuses %s", (_name, assignments) => {
    expect(() => createClusterResolver({ assignments, getMarketByTokenId: known })).toThrow(MarketDataConfigError);
  });

  test("the same condition twice in one cluster is fine", () => {
    expect(createClusterResolver({ assignments: { a: [CONDITION_ID, CONDITION_ID] }, getMarketByTokenId: known }).clusterOfCondition(CONDITION_ID)).toBe("a");
  });
});
