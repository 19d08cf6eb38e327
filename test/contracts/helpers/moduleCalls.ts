import { BaseError, ContractFunctionRevertedError, type Address, type Hex, type WalletClient } from "viem";
import { decodeWardenModuleError } from "../../../src/chain/decodeWardenModuleError";
import { wardenModuleAbi } from "../../../src/chain/generated/wardenModuleAbi";
import type { WardenFixture } from "./wardenFixture";

/** The module's revert, decoded by the TypeScript decoder (so every test also exercises it). */
export type Refusal = { errorName: string; statusName: string | undefined; args: Record<string, unknown> };

/** Revert data of a viem contract error. */
export function revertData(error: unknown): Hex {
  if (!(error instanceof BaseError)) throw error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || reverted.raw === undefined) throw error;
  return reverted.raw;
}

/** Runs `fn` (an eth_call) and returns the decoded module revert; fails if it did not revert. */
export async function refusal(fn: () => Promise<unknown>): Promise<Refusal> {
  try {
    await fn();
  } catch (error) {
    const decoded = decodeWardenModuleError(revertData(error));
    return { errorName: decoded.errorName, statusName: decoded.statusName, args: decoded.args };
  }
  throw new Error("expected a revert");
}

/** Execute through the module as `client`'s account: simulate first (exact error), then send. */
export async function execute(
  f: WardenFixture,
  client: WalletClient,
  sessionId: Hex,
  target: Address,
  data: Hex,
  value = 0n,
) {
  const args = [f.safe, sessionId, target, value, data] as const;
  await f.publicClient.simulateContract({ address: f.module.address, abi: wardenModuleAbi, functionName: "execute", args, account: client.account! });
  const hash = await client.writeContract({ address: f.module.address, abi: wardenModuleAbi, functionName: "execute", args, account: client.account!, chain: client.chain });
  return f.publicClient.waitForTransactionReceipt({ hash });
}

/** The decoded refusal of an `execute` as `client`'s account. */
export function executeRefusal(f: WardenFixture, client: WalletClient, sessionId: Hex, target: Address, data: Hex, value = 0n) {
  return refusal(() =>
    f.publicClient.simulateContract({
      address: f.module.address,
      abi: wardenModuleAbi,
      functionName: "execute",
      args: [f.safe, sessionId, target, value, data],
      account: client.account!,
    }),
  );
}

/** The word a `ScopeViolation` carries for an address. */
export const addressWord = (a: Address): Hex => `0x${a.slice(2).toLowerCase().padStart(64, "0")}`;
/** The word a `ScopeViolation` carries for an amount. */
export const amountWord = (n: bigint): Hex => `0x${n.toString(16).padStart(64, "0")}`;
