import { readFileSync } from "node:fs";
import { type Address, type Hex, concatHex, encodeAbiParameters } from "viem";

/**
 * The module's init code: compiled bytecode ‖ `abi.encode(exchanges, versions)`. Reads the Hardhat
 * artifact, so run `npx hardhat compile` first.
 *
 * @param exchanges The exchanges the deployment knows, in mask-bit order.
 * @returns The init code.
 * @example
 * const initCode = wardenModuleInitCode(polymarketExchanges);
 */
export function wardenModuleInitCode(exchanges: readonly { address: Address; version: string }[]): Hex {
  const artifact = JSON.parse(readFileSync("artifacts/contracts/WardenModule.sol/WardenModule.json", "utf8")) as { bytecode: Hex };
  const args = encodeAbiParameters(
    [{ type: "address[]" }, { type: "string[]" }],
    [exchanges.map((e) => e.address), exchanges.map((e) => e.version)],
  );
  return concatHex([artifact.bytecode, args]);
}
