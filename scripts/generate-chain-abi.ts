// Writes src/chain/generated/wardenModuleAbi.ts (the compiled ABI) and src/chain/generated/wardenStatus.ts (the Status
// enum members, read from the Solidity source) so TypeScript never copies either by hand.
// Run after `npx hardhat compile`: `npx tsx scripts/generate-chain-abi.ts`.
// test/contracts/chainAbi.test.ts fails when the generated files are stale.
import { readFileSync, writeFileSync } from "node:fs";
import { wardenModuleAbiSource, wardenStatusSource } from "./chainAbiSources";

writeFileSync("src/chain/generated/wardenModuleAbi.ts", wardenModuleAbiSource(readFileSync("artifacts/contracts/WardenModule.sol/WardenModule.json", "utf8")));
writeFileSync("src/chain/generated/wardenStatus.ts", wardenStatusSource(readFileSync("contracts/interfaces/IWardenModule.sol", "utf8")));
console.log("wrote src/chain/generated/wardenModuleAbi.ts and src/chain/generated/wardenStatus.ts");
