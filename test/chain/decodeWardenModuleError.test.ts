import { describe, expect, it } from "vitest";
import { encodeErrorResult, padHex } from "viem";
import { UnknownModuleRevertError } from "../../src/errors/moduleErrors";
import { decodeWardenModuleError } from "../../src/chain/decodeWardenModuleError";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenStatus } from "../../src/chain/generated/wardenStatus";

describe("decodeWardenModuleError", () => {
  it("decodes ScopeViolation with the status by name, from the ABI", () => {
    const sessionId = padHex("0x01", { size: 32 });
    const info = padHex("0x3b9aca01", { size: 32 });
    const data = encodeErrorResult({ abi: wardenModuleAbi, errorName: "ScopeViolation", args: [sessionId, wardenStatus.indexOf("SizeCapExceeded"), info] });
    const err = decodeWardenModuleError(data);
    expect(err.errorName).toBe("ScopeViolation");
    expect(err.statusName).toBe("SizeCapExceeded");
    expect(err.args).toEqual({ sessionId, status: wardenStatus.indexOf("SizeCapExceeded"), info });
    expect(err.message).toMatchInlineSnapshot(`"Warden module reverted: ScopeViolation (SizeCapExceeded)"`);
  });
  it("decodes errors without a status", () => {
    const err = decodeWardenModuleError(
      encodeErrorResult({ abi: wardenModuleAbi, errorName: "Unauthorized", args: ["0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002"] }),
    );
    expect([err.errorName, err.statusName]).toEqual(["Unauthorized", undefined]);
  });
  it("throws UnknownModuleRevertError for data that is not a module error", () => {
    expect(() => decodeWardenModuleError("0x08c379a0")).toThrow(UnknownModuleRevertError);
  });
});
