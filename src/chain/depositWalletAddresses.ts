import { type Address, type Hex, concatHex, encodeAbiParameters, getContractAddress, keccak256, numberToHex, pad } from "viem";
import { depositWalletDeployment } from "../core/polymarket/depositWallet";

/** Parameters of {@link depositWalletAddresses}. */
export type DepositWalletAddressesParameters = {
  /** The owner EOA the wallet was created for. */
  owner: Address;
  /** The factory, beacon and implementation (default: Polygon's). */
  deployment?: { factory: Address; beacon: Address; implementation: Address };
};

/** The two addresses the factory can give an owner's wallet, lower-case. */
export type DepositWalletAddressesReturnType = { beacon: Address; uups: Address };

// Solady LibClone's ERC-1967 proxies with immutable args, as @polymarket/client 0.2.0
// (src/wallet.ts) hashes their init code: a 10-byte creation prefix whose PUSH2 carries the
// runtime size (fixed part + args), the implementation or beacon, the runtime, then the args.
const UUPS_PREFIX = 0x61003d3d8160233d3973n;
const UUPS_RUNTIME: Hex = "0x60095155f3363d3d373d3d363d7f360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc545af43d6000803e6038573d6000fd5b3d6000f3";
const BEACON_PREFIX = 0x6100523d8160233d3973n;
const BEACON_RUNTIME: Hex =
  "0x60195155f3363d3d373d3d363d602036600436635c60da1b60e01b36527fa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50545afa5036515af43d6000803e604d573d6000fd5b3d6000f3";

function initCode(prefix: bigint, target: Address, runtime: Hex, args: Hex): Hex {
  const argsBytes = BigInt((args.length - 2) / 2);
  return concatHex([numberToHex(prefix + (argsBytes << 56n), { size: 10 }), target, runtime, args]);
}

/**
 * The deterministic addresses of an owner's deposit wallet: CREATE2 from the DepositWalletFactory
 * with salt `keccak256(abi.encode(factory, bytes32(owner)))` over the ERC-1967 proxy init code
 * (immutable args `abi.encode(factory, bytes32(owner))`), for the UUPS implementation and for the
 * beacon. The factory deploys one of the two (beacon for current factories); a configured wallet
 * must be one of them. Agrees with @polymarket/client 0.2.0 (property-tested).
 *
 * @param parameters - The owner and optionally another deployment (tests).
 * @returns Both candidate addresses.
 * @example
 * const { beacon, uups } = depositWalletAddresses({ owner: "0x…" });
 */
export function depositWalletAddresses({ owner, deployment = depositWalletDeployment }: DepositWalletAddressesParameters): DepositWalletAddressesReturnType {
  const args = encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [deployment.factory, pad(owner, { size: 32 })]);
  const salt = keccak256(args);
  const at = (code: Hex) =>
    getContractAddress({ opcode: "CREATE2", from: deployment.factory, salt, bytecodeHash: keccak256(code) }).toLowerCase() as Address;
  return {
    uups: at(initCode(UUPS_PREFIX, deployment.implementation, UUPS_RUNTIME, args)),
    beacon: at(initCode(BEACON_PREFIX, deployment.beacon, BEACON_RUNTIME, args)),
  };
}
