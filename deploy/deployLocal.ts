import { readFileSync } from "node:fs";
import { type Address, type Hex, type PublicClient, type WalletClient, concatHex, encodeAbiParameters } from "viem";
import { create2Factory } from "./create2Factory";
import { type DeployWardenResult, deployWarden } from "./deployWarden";
import { WARDEN_SALT } from "./wardenSalt";
import { deployDeterministic } from "./deployDeterministic";

/** Versions of the three local stand-in exchanges (CTFExchangeV2, NegRisk V2, ExchangeV3). */
const LOCAL_EXCHANGE_VERSIONS = ["2", "2", "3"] as const;

/** A client that can send Hardhat's development RPC methods. */
type DevRpc = { request: (args: { method: "hardhat_setCode"; params: [Address, Hex] }) => Promise<unknown> };

/** Result of {@link deployLocal}. */
export type DeployLocalResult = DeployWardenResult & { exchanges: { address: Address; version: "2" | "3" }[] };

/**
 * Local Hardhat network (in-process or `npx hardhat node`): installs the CREATE2 proxy with
 * `hardhat_setCode`, deploys three test CTFExchangeV2 stand-ins (the real exchanges do not exist
 * locally) and then the module and the fallback handler exactly as on Polygon. Idempotent.
 *
 * @param parameters Clients, and a client that accepts `hardhat_setCode`.
 * @returns Module, handler and the local exchanges.
 * @example
 * const { module, exchanges } = await deployLocal({ publicClient, walletClient, devRpc: publicClient });
 */
export async function deployLocal({
  publicClient,
  walletClient,
  devRpc,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  devRpc: DevRpc;
}): Promise<DeployLocalResult> {
  if (((await publicClient.getCode({ address: create2Factory.address })) ?? "0x") === "0x") {
    await devRpc.request({ method: "hardhat_setCode", params: [create2Factory.address, create2Factory.runtimeCode] });
  }
  const artifact = JSON.parse(
    readFileSync("artifacts/contracts/test/TestCTFExchangeV2.sol/TestCTFExchangeV2.json", "utf8"),
  ) as { bytecode: Hex };
  const exchanges: { address: Address; version: "2" | "3" }[] = [];
  for (const [i, version] of LOCAL_EXCHANGE_VERSIONS.entries()) {
    const initCode = concatHex([artifact.bytecode, encodeAbiParameters([{ type: "string" }], [version])]);
    const salt = `0x${(BigInt(WARDEN_SALT) + BigInt(i)).toString(16).padStart(64, "0")}` as Hex;
    const { address } = await deployDeterministic({ publicClient, walletClient, initCode, salt });
    exchanges.push({ address, version });
  }
  return { ...(await deployWarden({ publicClient, walletClient, exchanges })), exchanges };
}
