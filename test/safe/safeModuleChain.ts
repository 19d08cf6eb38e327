import { network } from "hardhat";
import { type Address, type Hex, type PublicClient, type WalletClient, encodeFunctionData, getAddress, parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { type SafeTx, type SafeVersion, createSafe, deploySafeInfra, execSafeTx, extensibleFallbackHandler, safeAbi } from "../contracts/helpers/safes";

type Connection = Awaited<ReturnType<typeof network.connect>>;

/**
 * The exchange stand-in (TestCTFExchangeV2) at each of Polymarket's three exchange addresses of a
 * chain-137 Hardhat network: its runtime code with the domain-separator immutable it would have at
 * that address.
 */
export async function installExchangeStandIns({ viem, provider }: Connection) {
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const exchanges = [];
  for (const e of polymarketExchanges) {
    const deployed = await viem.deployContract("TestCTFExchangeV2", [e.version]);
    const compiledFor = (await deployed.read.domainSeparator()).slice(2);
    const atRealAddress = exchangeDomainSeparator(exchangeDomain({ exchange: getAddress(e.address), version: e.version, chainId: 137 })).slice(2);
    const code = await publicClient.getCode({ address: deployed.address });
    if (!code) throw new TypeError(`no code at ${deployed.address}`);
    await provider.request({ method: "hardhat_setCode", params: [e.address, code.replaceAll(compiledFor, atRealAddress) as Hex] });
    exchanges.push({ ...e, contract: await viem.getContractAt("TestCTFExchangeV2", getAddress(e.address)) });
  }
  return exchanges;
}

/**
 * A local Hardhat chain with chain id 137 for safe-module mode: the exchange stand-in
 * (TestCTFExchangeV2) at each of Polymarket's three exchange addresses (its runtime code with the
 * domain-separator immutable it would have at that address, as depositWalletChain does), the Warden
 * module deployed for those addresses, and a real Safe of `version` behind the 1.5.0
 * ExtensibleFallbackHandler with the module enabled and registered for the three domains.
 */
export async function safeModuleChain(version: SafeVersion) {
  const connection = await network.connect({ override: { chainId: 137 } });
  const { viem, provider, networkHelpers } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const [deployerClient] = await viem.getWalletClients();
  const deployer = deployerClient as unknown as WalletClient;
  const clients = { publicClient, deployer };

  const exchanges = await installExchangeStandIns(connection);
  const module = await viem.deployContract("WardenModule", [polymarketExchanges.map((e) => getAddress(e.address)), polymarketExchanges.map((e) => e.version)]);
  const owner = privateKeyToAccount(generatePrivateKey());
  const infra = await deploySafeInfra(clients, version);
  const safe = await createSafe(clients, infra, [owner.address]);
  const exec = (tx: SafeTx) => execSafeTx(clients, safe, owner, tx);

  await exec({ to: safe, data: encodeFunctionData({ abi: safeAbi, functionName: "enableModule", args: [module.address] }) });
  for (const e of polymarketExchanges) {
    const separator = exchangeDomainSeparator(exchangeDomain({ exchange: getAddress(e.address), version: e.version, chainId: 137 }));
    await exec({ to: safe, data: encodeFunctionData({ abi: extensibleFallbackHandler.abi, functionName: "setDomainVerifier", args: [separator, module.address] }) });
  }
  const grantedId = (receipt: Awaited<ReturnType<typeof exec>>) => parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs, eventName: "SessionGranted" })[0]!.args.sessionId;
  const now = async () => Number((await publicClient.getBlock()).timestamp);
  return { connection, networkHelpers, publicClient, exchanges, module, safe, owner, exec, grantedId, now, close: () => connection.close() };
}
