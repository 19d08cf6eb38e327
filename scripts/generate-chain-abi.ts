// Writes src/chain/wardenModuleAbi.ts (the compiled ABI) and src/chain/wardenStatus.ts (the Status
// enum members, read from the Solidity source) so TypeScript never copies either by hand.
// Run after `npx hardhat compile`: `npx tsx scripts/generate-chain-abi.ts`.
// test/contracts/chainAbi.test.ts fails when the generated files are stale.
import { readFileSync, writeFileSync } from "node:fs";
import { wardenModuleAbiSource, wardenStatusSource } from "./chainAbiSources";

writeFileSync("src/chain/wardenModuleAbi.ts", wardenModuleAbiSource(readFileSync("artifacts/contracts/WardenModule.sol/WardenModule.json", "utf8")));
writeFileSync("src/chain/wardenStatus.ts", wardenStatusSource(readFileSync("contracts/interfaces/IWardenModule.sol", "utf8")));
console.log("wrote src/chain/wardenModuleAbi.ts and src/chain/wardenStatus.ts");
