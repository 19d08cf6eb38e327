import type { network } from "hardhat";
import { type Address, type PublicClient, type WalletClient, getAddress, zeroAddress } from "viem";
import { safeContractNetworks } from "../../src/chain/safeContractNetworks";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { tradingContracts } from "../../src/core/polymarket/tradingContracts";
import { type SafeVersion, createSafe, deployArtifact, deploySafeInfra, multiSendCallOnly } from "../contracts/helpers/safes";
import { installExchangeStandIns } from "./safeModuleChain";

/**
 * A chain-137 Hardhat network ready for `warden safe setup`: the exchange stand-ins at Polymarket's
 * three addresses, pUSD (TestPUSD) and ConditionalTokens (TestCallTarget) stand-ins at theirs, the
 * Warden module, the singleton and factory of Safe `version` (default 1.5.0), 1.5.0's
 * ExtensibleFallbackHandler and MultiSendCallOnly, and a fresh Safe of `owners` with `threshold`, no
 * module and no fallback handler.
 */
export async function safeSetupChain(connection: Awaited<ReturnType<typeof network.connect>>, owners: readonly Address[], threshold: bigint, version: SafeVersion = "1.5.0") {
  const { viem, provider } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const [deployer] = await viem.getWalletClients();
  const clients = { publicClient, deployer: deployer as unknown as WalletClient };
  const exchanges = await installExchangeStandIns(connection);
  // No immutables in these two stand-ins: their code moves to the real addresses as is.
  for (const [name, at] of [["TestPUSD", tradingContracts.pusd], ["TestCallTarget", tradingContracts.conditionalTokens]] as const) {
    const deployed = await viem.deployContract(name);
    await provider.request({ method: "hardhat_setCode", params: [at, await publicClient.getCode({ address: deployed.address })] });
  }
  const module = getAddress((await viem.deployContract("WardenModule", [polymarketExchanges.map((e) => getAddress(e.address)), polymarketExchanges.map((e) => e.version)])).address);
  const infra = await deploySafeInfra(clients, version);
  const msco = await deployArtifact(clients, multiSendCallOnly);
  const safeContracts = { safe_singleton: infra.singleton, safe_proxy_factory: infra.factory, multi_send_call_only: msco };
  const safe = await createSafe(clients, infra, [...owners], { threshold, fallbackHandler: zeroAddress });
  return { publicClient, exchanges, module, handler: infra.handler, safe, safeContracts, contractNetworks: safeContractNetworks({ chainId: 137, contracts: safeContracts }) };
}
