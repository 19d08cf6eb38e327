import { type Address, encodeFunctionData, parseAbi } from "viem";
import type { SafeTransaction } from "./SafeTransaction";
import { exchangeDomain } from "../core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../core/polymarket/exchangeDomainSeparator";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";

const safeAdminAbi = parseAbi([
  "function enableModule(address module)",
  "function setFallbackHandler(address handler)",
  "function setDomainVerifier(bytes32 domainSeparator, address newVerifier)",
]);

/** Parameters of {@link buildEnableWardenTransactions}. */
export type BuildEnableWardenTransactionsParameters = {
  safe: Address;
  module: Address;
  /** Safe's ExtensibleFallbackHandler on this chain. */
  fallbackHandler: Address;
  /** The Safe's current fallback handler; the switch is skipped when it already is `fallbackHandler`. */
  currentFallbackHandler?: Address;
  /** The exchanges the module knows (same order as its constructor). */
  exchanges: readonly { address: Address; version: "2" | "3" }[];
  chainId: number;
  /** Optional guardian (risk team key) that may pause, never grant or unpause. */
  guardian?: Address;
};

/**
 * The Safe transactions an owner signs to enable Warden on a Safe (1.3.0 – 1.5.0), in order:
 * enable the module, switch the fallback handler to Safe's ExtensibleFallbackHandler, register the
 * module as EIP-1271 domain verifier for each exchange domain, and set the guardian. They can be
 * signed one by one or batched with MultiSendCallOnly.
 *
 * @param parameters Safe, module, handler, exchanges, chain id and optional guardian.
 * @returns The transactions, CALL only, each with a description.
 * @example
 * const txs = buildEnableWardenTransactions({ safe, module, fallbackHandler, exchanges: polymarketExchanges, chainId: 137 });
 */
export function buildEnableWardenTransactions(parameters: BuildEnableWardenTransactionsParameters): SafeTransaction[] {
  const { safe, module, fallbackHandler, currentFallbackHandler, exchanges, chainId, guardian } = parameters;
  const txs: SafeTransaction[] = [
    {
      to: safe,
      value: 0n,
      data: encodeFunctionData({ abi: safeAdminAbi, functionName: "enableModule", args: [module] }),
      operation: 0,
      description: `Safe.enableModule(${module}) — the Warden module`,
    },
  ];
  if (currentFallbackHandler?.toLowerCase() !== fallbackHandler.toLowerCase()) {
    txs.push({
      to: safe,
      value: 0n,
      data: encodeFunctionData({ abi: safeAdminAbi, functionName: "setFallbackHandler", args: [fallbackHandler] }),
      operation: 0,
      description: `Safe.setFallbackHandler(${fallbackHandler}) — ExtensibleFallbackHandler (keeps Safe signatures and token callbacks)`,
    });
  }
  for (const exchange of exchanges) {
    const separator = exchangeDomainSeparator(exchangeDomain({ exchange: exchange.address, version: exchange.version, chainId }));
    txs.push({
      to: safe,
      value: 0n,
      data: encodeFunctionData({ abi: safeAdminAbi, functionName: "setDomainVerifier", args: [separator, module] }),
      operation: 0,
      description: `ExtensibleFallbackHandler.setDomainVerifier(${separator}, Warden) — orders of exchange ${exchange.address} (v${exchange.version}); sent to the Safe, routed to its fallback handler`,
    });
  }
  if (guardian !== undefined) {
    txs.push({
      to: module,
      value: 0n,
      data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: [guardian] }),
      operation: 0,
      description: `WardenModule.setGuardian(${guardian}) — may pause, never grant or unpause`,
    });
  }
  return txs;
}
