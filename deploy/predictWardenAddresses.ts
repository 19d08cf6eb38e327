import { type Address, getContractAddress } from "viem";
import { create2Factory } from "./create2Factory";
import { extensibleFallbackHandlerInitCode } from "./extensibleFallbackHandlerInitCode";
import { WARDEN_SALT } from "./wardenSalt";
import { wardenModuleInitCode } from "./wardenModuleInitCode";

/**
 * The CREATE2 addresses `deployWarden` deploys to for this build and exchange list, computed
 * offline (no RPC): what an owner can check before signing anything.
 *
 * @param exchanges The exchanges, in mask-bit order.
 * @returns The module address and the address of a Warden-deployed ExtensibleFallbackHandler.
 * @example
 * const { module } = predictWardenAddresses(wardenNetworks.polygon.exchanges);
 */
export function predictWardenAddresses(exchanges: readonly { address: Address; version: string }[]): { module: Address; fallbackHandler: Address } {
  const at = (initCode: `0x${string}`) => getContractAddress({ from: create2Factory.address, opcode: "CREATE2", salt: WARDEN_SALT, bytecode: initCode });
  return { module: at(wardenModuleInitCode(exchanges)), fallbackHandler: at(extensibleFallbackHandlerInitCode()) };
}
