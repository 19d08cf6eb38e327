import { type Address, encodeFunctionData, getAddress, maxUint256, parseAbi } from "viem";
import { polymarketExchanges } from "../core/polymarket/exchanges";
import { tradingContracts } from "../core/polymarket/tradingContracts";
import { buildEnableWardenTransactions } from "./buildEnableWardenTransactions";
import { safeSetupSpenders } from "./safeSetupSpenders";
import type { SafeTransaction } from "./SafeTransaction";

const allowanceAbi = parseAbi(["function approve(address spender, uint256 amount) returns (bool)", "function setApprovalForAll(address operator, bool approved)"]);

/** Parameters of {@link buildSafeSetupCalls}. */
export type BuildSafeSetupCallsParameters = {
  safe: Address;
  module: Address;
  chainId: number;
  /** Safe's ExtensibleFallbackHandler (`wallet.extensible_fallback_handler`). */
  fallbackHandler: Address;
  /** What the Safe has now (read with protocol-kit): its fallback handler, and whether the module is on; the module's guardian of the Safe (`getSafeState`). */
  current: { fallbackHandler: Address; moduleEnabled: boolean; guardian?: Address };
  /** The risk team's guardian (`wallet.guardian`): set on the module unless it already is. */
  guardian?: Address;
};

/**
 * The calls of `warden safe setup`, in order, for one MultiSendCallOnly batch: enable the Warden
 * module (unless on), switch the fallback handler to the ExtensibleFallbackHandler (unless set),
 * register the module as EIP-1271 domain verifier for the CTFExchangeV2, NegRisk CTFExchangeV2 and
 * ExchangeV3 domains, set the guardian (`wallet.guardian`, unless the module already has it), then the allowances: pUSD `approve` (unlimited) and ConditionalTokens
 * `setApprovalForAll` for the three exchanges and the NegRisk adapter. The calldata is written
 * here, not by protocol-kit: its `createEnableModuleTx`/`createEnableFallbackHandlerTx` each make
 * a Safe transaction of their own (no batch part), and it knows no `setDomainVerifier` or token calls.
 *
 * @param parameters - Safe, module, chain, handler and the Safe's current state.
 * @returns The calls, each with a human-readable line.
 * @example
 * const calls = buildSafeSetupCalls({ safe, module, chainId: 137, fallbackHandler, current: { fallbackHandler: await kit.getFallbackHandler(), moduleEnabled: await kit.isModuleEnabled(module) } });
 */
export function buildSafeSetupCalls({ safe, module, chainId, fallbackHandler, current, guardian }: BuildSafeSetupCallsParameters): SafeTransaction[] {
  const setGuardian = guardian !== undefined && getAddress(guardian) !== (current.guardian === undefined ? undefined : getAddress(current.guardian));
  const admin = buildEnableWardenTransactions({
    safe,
    module,
    fallbackHandler,
    currentFallbackHandler: current.fallbackHandler,
    exchanges: polymarketExchanges,
    chainId,
    ...(setGuardian ? { guardian: getAddress(guardian) } : {}),
  });
  const calls = current.moduleEnabled ? admin.slice(1) : admin;
  const spenders = safeSetupSpenders();
  for (const s of spenders)
    calls.push({
      to: getAddress(tradingContracts.pusd),
      value: 0n,
      data: encodeFunctionData({ abi: allowanceAbi, functionName: "approve", args: [s.address, maxUint256] }),
      operation: 0,
      description: `pUSD.approve(${s.address}, unlimited) — ${s.name} may take the Safe's pUSD for its BUY orders`,
    });
  for (const s of spenders)
    calls.push({
      to: getAddress(tradingContracts.conditionalTokens),
      value: 0n,
      data: encodeFunctionData({ abi: allowanceAbi, functionName: "setApprovalForAll", args: [s.address, true] }),
      operation: 0,
      description: `ConditionalTokens.setApprovalForAll(${s.address}, true) — ${s.name} may move the Safe's positions for its SELL orders`,
    });
  return calls;
}
