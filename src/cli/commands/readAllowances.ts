import { type Address, type PublicClient, erc20Abi, getAddress, parseAbi } from "viem";
import { tradingContracts } from "../../core/polymarket/tradingContracts";

const ctfApprovalAbi = parseAbi(["function isApprovedForAll(address owner, address operator) view returns (bool)"]);

/** One spender's allowances from a trading wallet: pUSD `approve` (BUY orders) and ConditionalTokens `setApprovalForAll` (SELL orders). */
export type SpenderAllowances = { name: string; pusd: boolean; ctf: boolean };

/**
 * Reads whether `owner` has approved each spender for pUSD (a non-zero allowance) and for its
 * ConditionalTokens positions — what `warden doctor` checks for a deposit wallet and for a Safe.
 * Throws on an RPC failure (the caller reports the check unreadable).
 *
 * @param client - A client of the wallet's chain.
 * @param owner - The trading wallet.
 * @param spenders - The exchanges (and adapter) that must be approved.
 * @returns One entry per spender, in order.
 * @example
 * const missing = (await readAllowances(client, wallet, spenders)).filter((s) => !s.pusd).map((s) => s.name);
 */
export async function readAllowances(client: Pick<PublicClient, "readContract">, owner: Address, spenders: ReadonlyArray<{ address: Address; name: string }>): Promise<SpenderAllowances[]> {
  const out: SpenderAllowances[] = [];
  for (const s of spenders) {
    const allowance = await client.readContract({ address: getAddress(tradingContracts.pusd), abi: erc20Abi, functionName: "allowance", args: [owner, s.address] });
    const approved = await client.readContract({ address: getAddress(tradingContracts.conditionalTokens), abi: ctfApprovalAbi, functionName: "isApprovedForAll", args: [owner, s.address] });
    out.push({ name: s.name, pusd: allowance !== 0n, ctf: approved });
  }
  return out;
}
