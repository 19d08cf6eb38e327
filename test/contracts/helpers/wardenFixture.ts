import { network } from "hardhat";
import {
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
  concatHex,
  encodeFunctionData,
  getAddress,
  parseEventLogs,
  zeroHash,
} from "viem";
import { type PrivateKeyAccount, generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { V2Order } from "../../../src/core/polymarket/V2Order";
import { encodeOrderData } from "../../../src/chain/encodeOrderData";
import { exchangeDomain } from "../../../src/core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../../src/core/polymarket/exchangeDomainSeparator";
import { hashSessionOrder } from "../../../src/chain/hashSessionOrder";
import { ORDER_TYPE_HASH } from "../../../src/core/polymarket/orderTypes";
import { signWardenOrder } from "../../../src/chain/signWardenOrder";
import { wardenModuleAbi } from "../../../src/chain/generated/wardenModuleAbi";
import { wardenStatus } from "../../../src/chain/generated/wardenStatus";
import { type SafeTx, type SafeVersion, createSafe, deploySafeInfra, execSafeTx, extensibleFallbackHandler, safeAbi } from "./safes";

export const EXCHANGE_VERSIONS = ["2", "2", "3"] as const;
export const ALL_EXCHANGES = 0b111;
export const CAP = 1_000_000_000n; // 1,000 pUSD
/** Band bounds that mean "no bound": SELL at any price, BUY up to 1.0 pUSD/share (micro-pUSD per share). */
export const ANY_SELL_PRICE = 0;
export const ANY_BUY_PRICE = 1_000_000;
export const MAX_AGE = 3_600;
export const SELECTORS = {
  approve: "0x095ea7b3",
  setApprovalForAll: "0xa22cb465",
  wrap: "0x62355638",
  unwrap: "0x8cc7104f",
  splitPosition: "0x72ce4275",
  mergePositions: "0x9e7212ad",
  redeemPositions: "0x01b7037c",
  negRiskRedeemPositions: "0xdbeccb23",
  pauseUser: "0xc0c3132c",
  unpauseUser: "0x4cce30c9",
  transfer: "0xa9059cbb",
  transferFrom: "0x23b872dd",
  erc1155SafeTransferFrom: "0xf242432a",
} as const;

export type Limits = {
  validUntil: number;
  maxOrderAgeSec: number;
  maxPerCallMicroUsd: bigint;
  minSellPriceMicroUsd: number;
  maxBuyPriceMicroUsd: number;
  maxCalls: number;
  maxValuePerCallWei: bigint;
  exchangeMask: number;
  strategy: number;
  tokenAllowlist: boolean;
};

export type Grant = {
  key: Address;
  limits: Limits;
  calls: { target: Address; selector: Hex }[];
  spenders: Address[];
  recipients: Address[];
  tokenIds: bigint[];
};

/** Everything a module test needs: a real Safe with the module enabled and registered. */
export async function wardenFixture(version: SafeVersion = "1.5.0", { ownerKey }: { ownerKey?: Hex } = {}) {
  const connection = await network.connect();
  const { viem, networkHelpers } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const [deployerClient, guardianClient, strangerClient] = await viem.getWalletClients();
  const deployer = deployerClient as unknown as WalletClient;
  const clients = { publicClient, deployer };

  const pusd = await viem.deployContract("TestPUSD");
  const exchanges = await Promise.all(EXCHANGE_VERSIONS.map((v) => viem.deployContract("TestCTFExchangeV2", [v])));
  const module = await viem.deployContract("WardenModule", [exchanges.map((e) => e.address), [...EXCHANGE_VERSIONS]]);
  const target = await viem.deployContract("TestCallTarget");

  const owner = privateKeyToAccount(ownerKey ?? generatePrivateKey());
  const infra = await deploySafeInfra(clients, version);
  const safe = await createSafe(clients, infra, [owner.address]);
  const chainId = await publicClient.getChainId();

  const exec = (tx: SafeTx) => execSafeTx(clients, safe, owner, tx);
  const selfCall = (data: Hex) => exec({ to: safe, data });
  const moduleCall = (data: Hex) => exec({ to: module.address, data });

  // Enabling: the Safe transactions an owner signs (see deploy/ and docs/module.md).
  await selfCall(encodeFunctionData({ abi: safeAbi, functionName: "enableModule", args: [module.address] }));
  for (const [i, exchange] of exchanges.entries()) {
    const domain = exchangeDomain({ exchange: exchange.address, version: EXCHANGE_VERSIONS[i]!, chainId });
    await selfCall(
      encodeFunctionData({
        abi: extensibleFallbackHandler.abi,
        functionName: "setDomainVerifier",
        args: [exchangeDomainSeparator(domain), module.address],
      }),
    );
  }
  await moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: [guardianClient!.account.address] }));
  await pusd.write.mint([safe, 10_000_000_000n]);

  const now = async () => Number((await publicClient.getBlock()).timestamp);

  const defaultGrant = async (key: Address, overrides: Partial<Grant> = {}, limits: Partial<Limits> = {}): Promise<Grant> => ({
    key,
    limits: {
      validUntil: (await now()) + 86_400,
      maxOrderAgeSec: MAX_AGE,
      maxPerCallMicroUsd: CAP,
      minSellPriceMicroUsd: ANY_SELL_PRICE,
      maxBuyPriceMicroUsd: ANY_BUY_PRICE,
      maxCalls: 10,
      maxValuePerCallWei: 0n,
      exchangeMask: ALL_EXCHANGES,
      strategy: 0,
      tokenAllowlist: false,
      ...limits,
    },
    calls: [{ target: pusd.address, selector: SELECTORS.approve }],
    spenders: [],
    recipients: [],
    tokenIds: [],
    ...overrides,
  });

  /** Grants from the Safe (an owner-signed Safe transaction); returns the session id. */
  const grant = async (g: Grant): Promise<Hex> => {
    const receipt = await moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [g] }));
    const [event] = parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs, eventName: "SessionGranted" });
    return event!.args.sessionId;
  };

  /** A funded session key that can send transactions (impersonated) and sign locally. */
  const newKey = async (privateKey: Hex = generatePrivateKey()): Promise<{ account: PrivateKeyAccount; client: WalletClient }> => {
    const account = privateKeyToAccount(privateKey);
    await networkHelpers.impersonateAccount(account.address);
    await networkHelpers.setBalance(account.address, 10n ** 20n);
    const client = (await viem.getWalletClient(account.address)) as unknown as WalletClient;
    return { account, client };
  };

  /** A new session key and a session granted to it (default grant with the given overrides). */
  const newSession = async (overrides: Partial<Grant> = {}, limits: Partial<Limits> = {}) => {
    const { account, client } = await newKey();
    const sessionId = await grant(await defaultGrant(account.address, overrides, limits));
    return { account, client, sessionId };
  };

  const makeOrder = async (overrides: Partial<V2Order> = {}): Promise<V2Order> => ({
    salt: 42n,
    maker: safe,
    signer: safe,
    tokenId: 7n,
    makerAmount: 400_000_000n,
    takerAmount: 800_000_000n,
    side: 0,
    signatureType: 3,
    timestamp: BigInt(await now()) * 1000n,
    metadata: zeroHash,
    builder: zeroHash,
    ...overrides,
  });

  const domainOf = (index: number, chain = chainId) =>
    exchangeDomain({ exchange: exchanges[index]!.address, version: EXCHANGE_VERSIONS[index]!, chainId: chain });

  const signOrder = (key: PrivateKeyAccount, sessionId: Hex, order: V2Order, index = 0) =>
    signWardenOrder({ sessionKey: key, module: module.address, sessionId, domain: domainOf(index), order });

  /** A 97-byte payload whose signature covers the session-bound digest of `orderHash` (any hash, for shape tests). */
  const sessionPayload = async (key: PrivateKeyAccount, sessionId: Hex, orderHash: Hex) =>
    concatHex([sessionId, await key.sign({ hash: hashSessionOrder({ module: module.address, chainId, sessionId, orderHash }) })]);

  /** What the exchange (through the Safe, its fallback handler and the module) says. */
  const exchangeAccepts = (order: V2Order, signature: Hex, index = 0) =>
    exchanges[index]!.read.isValidOrderSignature([order, signature]);

  /** The module's verdict on the same inputs the fallback handler passes, with the rule by name. */
  const verdict = async (order: V2Order, payload: Hex, index = 0, encodeData: Hex = encodeOrderData(order)) => {
    const exchange = exchanges[index]!.address;
    const domainSeparator = exchangeDomainSeparator(domainOf(index));
    const hash = await module.read.hashOrder([exchange, encodeData]);
    const [sessionId, status, info] = await module.read.checkOrder([safe, exchange, hash, domainSeparator, ORDER_TYPE_HASH, encodeData, payload]);
    return { sessionId, status: wardenStatus[status], info };
  };

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    deployer,
    guardian: guardianClient!,
    guardianAddress: getAddress(guardianClient!.account.address),
    stranger: strangerClient!,
    strangerAddress: getAddress(strangerClient!.account.address),
    clients,
    pusd,
    exchanges,
    module,
    target,
    owner,
    infra,
    safe,
    chainId,
    exec,
    selfCall,
    moduleCall,
    now,
    defaultGrant,
    grant,
    newKey,
    newSession,
    makeOrder,
    domainOf,
    signOrder,
    sessionPayload,
    exchangeAccepts,
    verdict,
    getAddress,
  };
}

export type WardenFixture = Awaited<ReturnType<typeof wardenFixture>>;

/**
 * One fixture per test file, restored to a snapshot before every test so tests stay independent.
 * Call inside a `describe`; read the fixture from the returned getter inside tests.
 */
export function useWardenFixture(
  hooks: { beforeAll: (fn: () => Promise<void>, timeout?: number) => void; beforeEach: (fn: () => Promise<void>) => void },
  version: SafeVersion = "1.5.0",
): () => WardenFixture {
  let fixture: WardenFixture | undefined;
  let snapshot: { restore: () => Promise<void> } | undefined;
  hooks.beforeAll(async () => {
    fixture = await wardenFixture(version);
    snapshot = await fixture.networkHelpers.takeSnapshot();
  }, 120_000);
  hooks.beforeEach(async () => {
    await snapshot!.restore();
    snapshot = await fixture!.networkHelpers.takeSnapshot();
  });
  return () => fixture!;
}
