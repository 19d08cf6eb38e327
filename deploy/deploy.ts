// Deploys the Warden module (CREATE2, deterministic) and prints the Safe transactions an owner
// signs to enable it.
//
//   npx tsx deploy/deploy.ts localhost [--safe 0x…] [--guardian 0x…]   # against `npx hardhat node`
//   WARDEN_RPC_URL=… WARDEN_DEPLOYER_KEY=0x… npx tsx deploy/deploy.ts amoy    [--safe 0x…] [--guardian 0x…]
//   WARDEN_RPC_URL=… WARDEN_DEPLOYER_KEY=0x… npx tsx deploy/deploy.ts polygon [--safe 0x…] [--guardian 0x…]
//   npx tsx deploy/deploy.ts polygon --predict   # the CREATE2 addresses, offline, nothing sent
//
// Run `npx hardhat compile` first. This is the only file here that reads the environment.
import { parseArgs } from "node:util";
import { type Address, type Hex, type PublicClient, type WalletClient, createPublicClient, createWalletClient, getAddress, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat, polygon, polygonAmoy } from "viem/chains";
import { buildEnableWardenTransactions } from "../src/chain/buildEnableWardenTransactions";
import { deployLocal } from "./deployLocal";
import { deployWarden } from "./deployWarden";
import { formatSafeTransactions } from "./formatSafeTransactions";
import { predictWardenAddresses } from "./predictWardenAddresses";
import { wardenNetworks } from "./wardenNetworks";

const FALLBACK_HANDLER_SLOT = 0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5n;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { safe: { type: "string" }, guardian: { type: "string" }, predict: { type: "boolean" } },
});
const networkName = positionals[0];
if (networkName !== "localhost" && networkName !== "amoy" && networkName !== "polygon") {
  console.error("usage: tsx deploy/deploy.ts <localhost|amoy|polygon> [--safe 0x…] [--guardian 0x…]");
  process.exit(2);
}

if (values.predict && (networkName === "amoy" || networkName === "polygon")) {
  const predicted = predictWardenAddresses(wardenNetworks[networkName].exchanges);
  console.log(`WardenModule (CREATE2)                 ${predicted.module}`);
  console.log(`ExtensibleFallbackHandler if deployed by Warden ${predicted.fallbackHandler}`);
  console.log(`canonical ExtensibleFallbackHandler   ${wardenNetworks[networkName].extensibleFallbackHandler}`);
  process.exit(0);
}

let publicClient: PublicClient;
let walletClient: WalletClient;
let deployed: Awaited<ReturnType<typeof deployWarden>>;
let exchanges: readonly { address: Address; version: "2" | "3" }[];
let chainId: number;
if (networkName === "localhost") {
  const transport = http("http://127.0.0.1:8545");
  publicClient = createPublicClient({ chain: hardhat, transport });
  const [deployer] = await createWalletClient({ chain: hardhat, transport }).getAddresses();
  walletClient = createWalletClient({ chain: hardhat, transport, account: deployer! });
  const local = await deployLocal({ publicClient, walletClient, devRpc: publicClient as never });
  deployed = local;
  exchanges = local.exchanges;
  chainId = hardhat.id;
} else {
  const network = wardenNetworks[networkName];
  const rpcUrl = process.env.WARDEN_RPC_URL;
  const key = process.env.WARDEN_DEPLOYER_KEY as Hex | undefined;
  if (!rpcUrl || !key) {
    console.error("set WARDEN_RPC_URL and WARDEN_DEPLOYER_KEY");
    process.exit(2);
  }
  const chain = networkName === "polygon" ? polygon : polygonAmoy;
  publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  walletClient = createWalletClient({ chain, transport: http(rpcUrl), account: privateKeyToAccount(key) });
  if ((await publicClient.getChainId()) !== network.chainId) {
    console.error(`RPC is not chain ${network.chainId}`);
    process.exit(2);
  }
  deployed = await deployWarden({ publicClient, walletClient, exchanges: network.exchanges, canonicalFallbackHandler: network.extensibleFallbackHandler });
  exchanges = network.exchanges;
  chainId = network.chainId;
}

console.log(`WardenModule            ${deployed.module}${deployed.moduleDeployedNow ? " (deployed now)" : " (already deployed)"}`);
console.log(`ExtensibleFallbackHandler ${deployed.fallbackHandler}${deployed.fallbackHandlerDeployedNow ? " (deployed now)" : ""}`);
exchanges.forEach((e, i) => console.log(`exchange ${i} (bit ${1 << i}) ${e.address} v${e.version}`));

if (values.safe === undefined) {
  console.log("\nPass --safe 0x… to print the Safe transactions that enable Warden on that Safe.");
} else {
  const safe = getAddress(values.safe);
  const word = await publicClient.getStorageAt({ address: safe, slot: `0x${FALLBACK_HANDLER_SLOT.toString(16)}` });
  const currentFallbackHandler = word ? getAddress(`0x${word.slice(-40)}`) : undefined;
  const transactions = buildEnableWardenTransactions({
    safe,
    module: deployed.module,
    fallbackHandler: deployed.fallbackHandler,
    currentFallbackHandler,
    exchanges,
    chainId,
    guardian: values.guardian === undefined ? undefined : getAddress(values.guardian),
  });
  console.log(`\n${formatSafeTransactions({ chainId, safe, transactions })}`);
}
