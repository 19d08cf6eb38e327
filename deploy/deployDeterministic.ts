import { type Address, type Hex, type PublicClient, type WalletClient, concatHex, getContractAddress } from "viem";
import { Create2FactoryMissingError } from "./Create2FactoryMissingError";
import { DeploymentFailedError } from "./DeploymentFailedError";
import { create2Factory } from "./create2Factory";

/** Result of {@link deployDeterministic}. */
export type DeployDeterministicResult = { address: Address; deployedNow: boolean };

/**
 * Deploys `initCode` through the deterministic-deployment proxy with `salt`, unless code is
 * already there (then nothing is sent): the same init code and salt give the same address on
 * every chain.
 *
 * @param parameters Clients, init code and salt.
 * @returns The address, and whether this call deployed it.
 * @example
 * const { address } = await deployDeterministic({ publicClient, walletClient, initCode, salt });
 */
export async function deployDeterministic({
  publicClient,
  walletClient,
  initCode,
  salt,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  initCode: Hex;
  salt: Hex;
}): Promise<DeployDeterministicResult> {
  const address = getContractAddress({ from: create2Factory.address, opcode: "CREATE2", salt, bytecode: initCode });
  if (((await publicClient.getCode({ address })) ?? "0x") !== "0x") return { address, deployedNow: false };
  if (((await publicClient.getCode({ address: create2Factory.address })) ?? "0x") === "0x") {
    throw new Create2FactoryMissingError(await publicClient.getChainId());
  }
  const hash = await walletClient.sendTransaction({
    account: walletClient.account!,
    chain: walletClient.chain,
    to: create2Factory.address,
    data: concatHex([salt, initCode]),
  });
  await publicClient.waitForTransactionReceipt({ hash });
  if (((await publicClient.getCode({ address })) ?? "0x") === "0x") throw new DeploymentFailedError(address);
  return { address, deployedNow: true };
}
