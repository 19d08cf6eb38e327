import Safe, { type ContractNetworksConfig, type Eip1193Provider } from "@safe-global/protocol-kit";
import type { Address } from "viem";

/** Parameters of {@link openSafeKit}. */
export type OpenSafeKitParameters = {
  safe: Address;
  /** A JSON-RPC URL, or an EIP-1193 provider (tests: the Hardhat network's). */
  provider: string | Eip1193Provider;
  /** Safe's own contracts on chains without the canonical deployments (a local chain): `{ [chainId]: { safeSingletonAddress, multiSendCallOnlyAddress, … } }`. */
  contractNetworks?: ContractNetworksConfig;
  /** An account that may send transactions (execute a batch the owners signed); absent: read and build only. */
  signer?: string;
};

/**
 * Opens a deployed Safe with `@safe-global/protocol-kit`: it reads the Safe's version and builds,
 * hashes (EIP-712 `SafeTx` of that version) and executes its transactions, batching calls with
 * MultiSendCallOnly. Warden's own Safe transactions (module admin, grants, revocations) all go
 * through it; what protocol-kit has no builder for (the module's calls, the handler's
 * `setDomainVerifier`, token approvals) is plain calldata the batch carries.
 *
 * @param parameters - Safe, provider, optional contract networks and signer.
 * @returns The protocol-kit Safe.
 * @example
 * const kit = await openSafeKit({ safe: config.wallet.safe, provider: config.wallet.rpc_url });
 */
export async function openSafeKit({ safe, provider, contractNetworks, signer }: OpenSafeKitParameters): Promise<Safe> {
  return Safe.init({ provider, safeAddress: safe, ...(contractNetworks ? { contractNetworks } : {}), ...(signer ? { signer } : {}) });
}
