import { createRequire } from "node:module";
import {
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
  encodeFunctionData,
  getAddress,
  parseEventLogs,
  zeroAddress,
} from "viem";
import type { LocalAccount } from "viem/accounts";

const require = createRequire(import.meta.url);

/** A Hardhat artifact as shipped by the Safe npm packages. */
type Artifact = { abi: Abi; bytecode: Hex };

const load = (path: string): Artifact => require(path) as Artifact;

/** Safe versions under test, each with its real singleton and proxy factory artifacts. */
export const safeVersions = {
  "1.3.0": {
    singleton: load("@gnosis.pm/safe-contracts/build/artifacts/contracts/GnosisSafe.sol/GnosisSafe.json"),
    factory: load(
      "@gnosis.pm/safe-contracts/build/artifacts/contracts/proxies/GnosisSafeProxyFactory.sol/GnosisSafeProxyFactory.json",
    ),
  },
  "1.4.1": {
    singleton: load("@safe-global/safe-contracts/build/artifacts/contracts/Safe.sol/Safe.json"),
    factory: load("@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json"),
  },
  "1.5.0": {
    singleton: load("@safe-global/safe-smart-account/build/artifacts/contracts/Safe.sol/Safe.json"),
    factory: load(
      "@safe-global/safe-smart-account/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json",
    ),
  },
} as const;

export type SafeVersion = keyof typeof safeVersions;

/** MultiSendCallOnly (1.5.0; protocol-kit batches with it). */
export const multiSendCallOnly = load("@safe-global/safe-smart-account/build/artifacts/contracts/libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json");

/** Deploys a Safe artifact (e.g. {@link multiSendCallOnly}). */
export const deployArtifact = (clients: Clients, artifact: Artifact): Promise<Address> => deploy(clients, artifact);

/** Safe 1.5.0's ExtensibleFallbackHandler (used as the fallback handler for every version under test). */
export const extensibleFallbackHandler = load(
  "@safe-global/safe-smart-account/build/artifacts/contracts/handler/ExtensibleFallbackHandler.sol/ExtensibleFallbackHandler.json",
);

/** Safe ABI (the 1.5.0 one; the functions used here are identical in 1.3.0 – 1.5.0). */
export const safeAbi = safeVersions["1.5.0"].singleton.abi;

/** Deployed Safe infrastructure of one version. */
export type SafeInfra = { version: SafeVersion; singleton: Address; factory: Address; handler: Address };

type Clients = { publicClient: PublicClient; deployer: WalletClient };

async function deploy({ publicClient, deployer }: Clients, artifact: Artifact): Promise<Address> {
  const hash = await deployer.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    account: deployer.account!,
    chain: deployer.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress!);
}

/** Deploys a real Safe singleton, its proxy factory, and the 1.5.0 ExtensibleFallbackHandler. */
export async function deploySafeInfra(clients: Clients, version: SafeVersion, handler?: Address): Promise<SafeInfra> {
  const artifacts = safeVersions[version];
  return {
    version,
    singleton: await deploy(clients, artifacts.singleton),
    factory: await deploy(clients, artifacts.factory),
    handler: handler ?? (await deploy(clients, extensibleFallbackHandler)),
  };
}

let saltNonce = 0n;

/** Creates a real Safe proxy with the given owners, threshold 1 (or `threshold`), and the handler (or `fallbackHandler`) as fallback handler. */
export async function createSafe(
  clients: Clients,
  infra: SafeInfra,
  owners: Address[],
  { threshold = 1n, fallbackHandler = infra.handler }: { threshold?: bigint; fallbackHandler?: Address } = {},
): Promise<Address> {
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: "setup",
    args: [owners, threshold, zeroAddress, "0x", fallbackHandler, zeroAddress, 0n, zeroAddress],
  });
  const factoryAbi = safeVersions[infra.version].factory.abi;
  const hash = await clients.deployer.writeContract({
    address: infra.factory,
    abi: factoryAbi,
    functionName: "createProxyWithNonce",
    args: [infra.singleton, initializer, ++saltNonce],
    account: clients.deployer.account!,
    chain: clients.deployer.chain,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({ abi: factoryAbi, logs: receipt.logs, eventName: "ProxyCreation" });
  const args = (created as unknown as { args: { proxy: Address } }).args;
  return getAddress(args.proxy);
}

/** A Safe transaction (CALL unless stated). */
export type SafeTx = { to: Address; data: Hex; value?: bigint; operation?: 0 | 1 };

/** Signs `tx` with one owner (threshold 1) and returns the `execTransaction` arguments. */
export async function signSafeTx(
  publicClient: PublicClient,
  safe: Address,
  owner: LocalAccount,
  tx: SafeTx,
): Promise<readonly [Address, bigint, Hex, number, bigint, bigint, bigint, Address, Address, Hex]> {
  const nonce = (await publicClient.readContract({ address: safe, abi: safeAbi, functionName: "nonce" })) as bigint;
  const base = [tx.to, tx.value ?? 0n, tx.data, tx.operation ?? 0, 0n, 0n, 0n, zeroAddress, zeroAddress] as const;
  const safeTxHash = (await publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: "getTransactionHash",
    args: [...base, nonce],
  })) as Hex;
  const signature = await owner.sign!({ hash: safeTxHash });
  return [...base, signature] as const;
}

/** Executes `tx` from the Safe, signed by one owner, relayed by `relayer`; returns the receipt. */
export async function execSafeTx(clients: Clients, safe: Address, owner: LocalAccount, tx: SafeTx) {
  const args = await signSafeTx(clients.publicClient, safe, owner, tx);
  const hash = await clients.deployer.writeContract({
    address: safe,
    abi: safeAbi,
    functionName: "execTransaction",
    args,
    account: clients.deployer.account!,
    chain: clients.deployer.chain,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  const failed = parseEventLogs({ abi: safeAbi, logs: receipt.logs, eventName: "ExecutionFailure" });
  if (failed.length > 0) throw new SafeTxFailedError(tx);
  return receipt;
}

/** The inner call of a Safe transaction failed (Safe emitted ExecutionFailure). */
export class SafeTxFailedError extends Error {
  override name = "SafeTxFailedError";
  constructor(readonly tx: SafeTx) {
    super(`Safe transaction to ${tx.to} failed (ExecutionFailure)`);
  }
}
