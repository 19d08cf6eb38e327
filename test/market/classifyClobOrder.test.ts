import { describe, expect, test } from "vitest";
import { classifyClobOrder } from "../../src/market/classifyClobOrder";
import { clobOpenOrderSchema } from "../../src/market/clobOpenOrderSchema";
import { clobOrder } from "../helpers/fakeClob";

const HASH = `0x${"ab".repeat(32)}`;
const classify = (over: Record<string, unknown>, hash = HASH) => classifyClobOrder({ orderHash: hash, order: clobOpenOrderSchema.parse(clobOrder(HASH, over)) });

describe("cancelled: every cancel status, any case, with or without the ORDER_STATUS_ prefix", () => {
  test.each([
    "ORDER_STATUS_CANCELED",
    "ORDER_STATUS_CANCELED_MARKET_RESOLVED",
    "ORDER_STATUS_INVALID",
    "CANCELED",
    "canceled",
    "Cancelled",
    "order_status_invalid",
  ])("%s releases as cancelled (even part-filled: the fill is a position)", (status) => {
    expect(classify({ status, size_matched: "40" })).toEqual({ action: "release", reason: "cancelled", status });
  });
});

describe("filled: MATCHED and size_matched ≥ original_size, compared exactly", () => {
  test.each([
    ["ORDER_STATUS_MATCHED", "100", "100"],
    ["MATCHED", "100", "100.000000"],
    ["matched", "12.5", "12.50"],
    ["MATCHED", "12.5", "13"],
  ])("%s %s of %s… releases as filled", (status, original_size, size_matched) => {
    expect(classify({ status, original_size, size_matched })).toMatchObject({ action: "release", reason: "filled" });
  });

  test.each([
    ["MATCHED", "100", "99.999999"],
    ["MATCHED", "0", "0"],
    ["ORDER_STATUS_MATCHED", "12.5", "12.49"],
  ])("%s %s with only %s matched keeps (ORDER_STATUS_MATCHED_PARTIAL)", (status, original_size, size_matched) => {
    expect(classify({ status, original_size, size_matched })).toMatchObject({ action: "keep", code: "ORDER_STATUS_MATCHED_PARTIAL" });
  });
});

describe("everything else keeps the exposure", () => {
  test.each([
    [{ status: "ORDER_STATUS_LIVE" }, "ORDER_STATUS_OPEN"],
    [{ status: "live", size_matched: "30" }, "ORDER_STATUS_PARTIAL"],
    [{ status: "LIVE", size_matched: "100" }, "ORDER_STATUS_PARTIAL"],
    [{ status: "DELAYED" }, "ORDER_STATUS_OPEN"],
    [{ status: "UNMATCHED" }, "ORDER_STATUS_UNKNOWN_STATUS"],
    [{ status: "FILLED", size_matched: "100" }, "ORDER_STATUS_UNKNOWN_STATUS"],
    [{ status: " CANCELED" }, "ORDER_STATUS_UNKNOWN_STATUS"],
    [{ status: "ORDER_STATUS_" }, "ORDER_STATUS_UNKNOWN_STATUS"],
  ])("%j → %s", (over, code) => {
    expect(classify(over)).toMatchObject({ action: "keep", code });
  });

  test("a cancel for another order id keeps (ORDER_STATUS_ID_MISMATCH)", () => {
    expect(classify({ status: "ORDER_STATUS_CANCELED" }, `0x${"cd".repeat(32)}`)).toMatchObject({ action: "keep", code: "ORDER_STATUS_ID_MISMATCH" });
  });
});
