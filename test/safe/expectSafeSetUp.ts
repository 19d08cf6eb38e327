import { type Address, type PublicClient, getAddress, maxUint256, parseAbi } from "viem";
import { expect } from "vitest";
import { readSafeFallbackHandler } from "../../src/chain/readSafeFallbackHandler";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { tradingContracts } from "../../src/core/polymarket/tradingContracts";
import { extensibleFallbackHandler } from "../contracts/helpers/safes";

const readAbi = parseAbi(["function isModuleEnabled(address module) view returns (bool)", "function allowance(address owner, address spender) view returns (uint256)"]);

/**
 * Asserts, read from the chain, what an executed setup batch leaves on a Safe: the module enabled,
 * the ExtensibleFallbackHandler set, the module the domain verifier of every exchange, and pUSD
 * approved without limit to every exchange and to the NegRisk adapter.
 *
 * @example
 * await expectSafeSetUp({ client: publicClient, safe, module, handler });
 */
export async function expectSafeSetUp({ client, safe, module, handler }: { client: PublicClient; safe: Address; module: Address; handler: Address }): Promise<void> {
  expect(await client.readContract({ address: safe, abi: readAbi, functionName: "isModuleEnabled", args: [module] })).toBe(true);
  expect(await readSafeFallbackHandler(client, safe)).toBe(handler);
  const pusd = getAddress(tradingContracts.pusd);
  for (const e of polymarketExchanges) {
    const separator = exchangeDomainSeparator(exchangeDomain({ exchange: getAddress(e.address), version: e.version, chainId: 137 }));
    expect(await client.readContract({ address: handler, abi: extensibleFallbackHandler.abi, functionName: "domainVerifiers", args: [safe, separator] })).toBe(module);
    expect(await client.readContract({ address: pusd, abi: readAbi, functionName: "allowance", args: [safe, getAddress(e.address)] })).toBe(maxUint256);
  }
  expect(await client.readContract({ address: pusd, abi: readAbi, functionName: "allowance", args: [safe, getAddress(tradingContracts.negRiskAdapter)] })).toBe(maxUint256);
}
