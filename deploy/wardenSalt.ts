import { type Hex, keccak256, toHex } from "viem";

/**
 * CREATE2 salt of this module version (`keccak256("warden.module.v0.1.0")`): a new version gets a
 * new address, the same version the same address on every chain with the same exchanges.
 *
 * @example
 * getContractAddress({ from: create2Factory.address, opcode: "CREATE2", salt: WARDEN_SALT, bytecode: initCode });
 */
export const WARDEN_SALT: Hex = keccak256(toHex("warden.module.v0.1.0"));
