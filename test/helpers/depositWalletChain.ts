import { network } from "hardhat";
import { type Address, type Hex, getAddress, pad } from "viem";
import { type PrivateKeyAccount, generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { depositWalletAddresses } from "../../src/chain/depositWalletAddresses";
import { type SessionSignerChange, depositWalletSessionSignerBatch } from "../../src/chain/depositWalletSessionSignerBatch";
import { depositWalletDeployment } from "../../src/core/polymarket/depositWallet";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";

/**
 * A local Hardhat chain with chain id 137 laid out like Polygon for deposit-wallet mode: the
 * test-only DepositWalletFactory and its beacon at Polymarket's addresses (runtime code placed with
 * `hardhat_setCode`), the owner's wallet deployed by the factory's operator at the address the
 * factory derives, and the exchange stand-in (TestCTFExchangeV2) at each of the three exchange
 * addresses — its code as compiled, with the domain-separator immutable its constructor would have
 * computed at that address.
 */
export async function depositWalletChain({ ownerKey = generatePrivateKey() }: { ownerKey?: Hex } = {}) {
  const connection = await network.connect({ override: { chainId: 137 } });
  const { viem, provider } = connection;
  const publicClient = await viem.getPublicClient();
  const [operator, stranger] = await viem.getWalletClients();
  if (!operator || !stranger) throw new TypeError("hardhat accounts missing");
  const owner: PrivateKeyAccount = privateKeyToAccount(ownerKey);
  const setCode = (address: string, code: Hex) => provider.request({ method: "hardhat_setCode", params: [address, code] });
  const codeOf = async (address: Address) => {
    const code = await publicClient.getCode({ address });
    if (!code) throw new TypeError(`no code at ${address}`);
    return code;
  };

  const implementation = await viem.deployContract("TestDepositWallet");
  const beaconAt = await viem.deployContract("TestDepositWalletBeacon", [implementation.address]);
  await setCode(depositWalletDeployment.beacon, await codeOf(beaconAt.address));
  const factoryAt = await viem.deployContract("TestDepositWalletFactory", [getAddress(depositWalletDeployment.beacon)]);
  await setCode(depositWalletDeployment.factory, await codeOf(factoryAt.address));
  const factory = await viem.getContractAt("TestDepositWalletFactory", getAddress(depositWalletDeployment.factory));
  await factory.write.setOperator([operator.account.address]);

  const exchanges = [];
  for (const e of polymarketExchanges) {
    const deployed = await viem.deployContract("TestCTFExchangeV2", [e.version]);
    const compiledFor = (await deployed.read.domainSeparator()).slice(2);
    const atRealAddress = exchangeDomainSeparator(exchangeDomain({ exchange: getAddress(e.address), version: e.version, chainId: 137 })).slice(2);
    await setCode(e.address, (await codeOf(deployed.address)).replaceAll(compiledFor, atRealAddress) as Hex);
    exchanges.push({ ...e, contract: await viem.getContractAt("TestCTFExchangeV2", getAddress(e.address)) });
  }
  const pusd = await viem.deployContract("TestPUSD");

  await factory.write.deploy([[owner.address], [pad(owner.address, { size: 32 })]]);
  const walletAddress = getAddress(depositWalletAddresses({ owner: owner.address }).beacon);
  const wallet = await viem.getContractAt("TestDepositWallet", walletAddress);

  /** The owner signs a session-signer batch and the operator runs it through the factory (what the relayer does). */
  const ownerBatch = async (sessionSigner: Address, change: SessionSignerChange) => {
    const now = (await publicClient.getBlock()).timestamp;
    const batch = depositWalletSessionSignerBatch({ chainId: 137, depositWallet: walletAddress, owner: owner.address, sessionSigner, change, nonce: await wallet.read.nonce(), deadlineSec: now + 300n });
    const body = batch.relayerRequest(await owner.signTypedData(batch.typedData));
    await runRelayerRequest(body);
  };
  /** Runs a relayer `WALLET` request through the factory, as its operator. */
  const runRelayerRequest = async (body: ReturnType<ReturnType<typeof depositWalletSessionSignerBatch>["relayerRequest"]>) => {
    const p = body.depositWalletParams;
    const hash = await factory.write.proxy([
      [{ wallet: p.depositWallet, nonce: BigInt(body.nonce), deadline: BigInt(p.deadline), calls: p.calls.map((c) => ({ target: c.target, value: BigInt(c.value), data: c.data })) }],
      [body.signature],
    ]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TypeError("batch reverted");
    return hash;
  };
  /** Moves the chain's clock forward and mines a block. */
  const increaseTime = async (seconds: number) => {
    await provider.request({ method: "evm_increaseTime", params: [seconds] });
    await provider.request({ method: "evm_mine", params: [] });
  };

  return { connection, provider, publicClient, viem, operator, stranger, owner, factory, wallet, walletAddress, exchanges, pusd, ownerBatch, runRelayerRequest, increaseTime, close: () => connection.close() };
}

export type DepositWalletChain = Awaited<ReturnType<typeof depositWalletChain>>;
