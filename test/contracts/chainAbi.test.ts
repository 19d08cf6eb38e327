import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toFunctionSelector } from "viem";
import { wardenModuleAbiSource, wardenStatusSource } from "../../scripts/chainAbiSources";
import { SELECTORS } from "./helpers/wardenFixture";

describe("generated TypeScript stays in sync with the contracts", () => {
  it("src/chain/generated/wardenModuleAbi.ts is the compiled ABI (regenerate: npx tsx scripts/generate-chain-abi.ts)", () => {
    const artifact = readFileSync("artifacts/contracts/WardenModule.sol/WardenModule.json", "utf8");
    expect(readFileSync("src/chain/generated/wardenModuleAbi.ts", "utf8")).toBe(wardenModuleAbiSource(artifact));
  });
  it("src/chain/generated/wardenStatus.ts lists the Status enum of IWardenModule.sol in order", () => {
    const solidity = readFileSync("contracts/interfaces/IWardenModule.sol", "utf8");
    expect(readFileSync("src/chain/generated/wardenStatus.ts", "utf8")).toBe(wardenStatusSource(solidity));
  });
});

describe("the module's selector catalogue matches the function signatures", () => {
  const signatures: Record<keyof typeof SELECTORS, string> = {
    approve: "approve(address,uint256)",
    setApprovalForAll: "setApprovalForAll(address,bool)",
    wrap: "wrap(address,address,uint256)",
    unwrap: "unwrap(address,address,uint256)",
    splitPosition: "splitPosition(address,bytes32,bytes32,uint256[],uint256)",
    mergePositions: "mergePositions(address,bytes32,bytes32,uint256[],uint256)",
    redeemPositions: "redeemPositions(address,bytes32,bytes32,uint256[])",
    negRiskRedeemPositions: "redeemPositions(bytes32,uint256[])",
    pauseUser: "pauseUser()",
    unpauseUser: "unpauseUser()",
    transfer: "transfer(address,uint256)",
    transferFrom: "transferFrom(address,address,uint256)",
    erc1155SafeTransferFrom: "safeTransferFrom(address,address,uint256,uint256,bytes)",
  };
  it.each(Object.entries(signatures))("%s is the selector of %s", (name, signature) => {
    expect(SELECTORS[name as keyof typeof SELECTORS]).toBe(toFunctionSelector(signature));
    const solidity = readFileSync("contracts/module/CallScope.sol", "utf8");
    expect(solidity).toContain(`${toFunctionSelector(signature)}; // ${signature}`);
  });
});
