import type { ContractNetworksConfig } from "@safe-global/protocol-kit";
import type { Address } from "viem";

/** Safe's own contracts on a chain without the canonical deployments (`wallet.safe_contracts`). */
export type SafeContracts = { safe_singleton: Address | string; safe_proxy_factory: Address | string; multi_send_call_only: Address | string };

/**
 * protocol-kit's `contractNetworks` for a chain where Safe's contracts are not at their canonical
 * addresses (a local chain): the singleton, the proxy factory and MultiSendCallOnly (also given as
 * MultiSend: Warden batches with `onlyCalls` only).
 *
 * @param parameters - Chain id and the addresses.
 * @returns The config protocol-kit's `Safe.init` takes.
 * @example
 * const contractNetworks = safeContractNetworks({ chainId: 137, contracts: config.wallet.safe_contracts });
 */
export function safeContractNetworks({ chainId, contracts }: { chainId: number; contracts: SafeContracts }): ContractNetworksConfig {
  return {
    [String(chainId)]: {
      safeSingletonAddress: contracts.safe_singleton,
      safeProxyFactoryAddress: contracts.safe_proxy_factory,
      multiSendCallOnlyAddress: contracts.multi_send_call_only,
      multiSendAddress: contracts.multi_send_call_only,
    },
  };
}
