import type { Address, PublicClient, WalletClient } from "viem";
import { deployDeterministic } from "./deployDeterministic";
import { extensibleFallbackHandlerInitCode } from "./extensibleFallbackHandlerInitCode";
import { WARDEN_SALT } from "./wardenSalt";
import { wardenModuleInitCode } from "./wardenModuleInitCode";

/** Result of {@link deployWarden}. */
export type DeployWardenResult = {
  module: Address;
  moduleDeployedNow: boolean;
  fallbackHandler: Address;
  fallbackHandlerDeployedNow: boolean;
};

/**
 * Deploys the Warden module with CREATE2 (same address wherever the exchange list is the same)
 * and makes sure an ExtensibleFallbackHandler exists: the canonical one if it has code on this
 * chain, otherwise one deployed by CREATE2 from the Safe 1.5.0 artifact.
 *
 * @param parameters Clients, the exchanges (mask-bit order) and the canonical handler address.
 * @returns Module and handler addresses, and what this call deployed.
 * @example
 * const { module, fallbackHandler } = await deployWarden({ publicClient, walletClient, exchanges, canonicalFallbackHandler });
 */
export async function deployWarden({
  publicClient,
  walletClient,
  exchanges,
  canonicalFallbackHandler,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  exchanges: readonly { address: Address; version: string }[];
  canonicalFallbackHandler?: Address;
}): Promise<DeployWardenResult> {
  let fallbackHandler = canonicalFallbackHandler;
  let fallbackHandlerDeployedNow = false;
  if (fallbackHandler === undefined || ((await publicClient.getCode({ address: fallbackHandler })) ?? "0x") === "0x") {
    const handler = await deployDeterministic({ publicClient, walletClient, initCode: extensibleFallbackHandlerInitCode(), salt: WARDEN_SALT });
    fallbackHandler = handler.address;
    fallbackHandlerDeployedNow = handler.deployedNow;
  }
  const deployed = await deployDeterministic({ publicClient, walletClient, initCode: wardenModuleInitCode(exchanges), salt: WARDEN_SALT });
  return { module: deployed.address, moduleDeployedNow: deployed.deployedNow, fallbackHandler, fallbackHandlerDeployedNow };
}
