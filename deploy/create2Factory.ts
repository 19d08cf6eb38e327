import type { Address, Hex } from "viem";

/**
 * The deterministic-deployment proxy (Arachnid) used for CREATE2: present on Polygon and Amoy at
 * the same address; calldata `salt (32) ‖ initCode` deploys at
 * `keccak256(0xff ‖ factory ‖ salt ‖ keccak256(initCode))[12:]`.
 *
 * @example
 * getContractAddress({ from: create2Factory.address, opcode: "CREATE2", salt, bytecode: initCode });
 */
export const create2Factory = {
  address: "0x4e59b44847b379578588920ca78fbf26c0b4956c" as Address,
  /** Its runtime code, placed with `hardhat_setCode` on local development chains. */
  runtimeCode:
    "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3" as Hex,
} as const;
