import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { type Address, type Hex, createPublicClient, getAddress, http } from "viem";
import { buildSafeSetupCalls } from "../../chain/buildSafeSetupCalls";
import { wardenModuleAbi } from "../../chain/generated/wardenModuleAbi";
import { executeSafeTransaction } from "../../chain/executeSafeTransaction";
import { openSafeKit } from "../../chain/openSafeKit";
import { safeContractNetworks } from "../../chain/safeContractNetworks";
import { safeTransactionView } from "../../chain/safeTransactionView";
import { decryptKeystore } from "../../signer/decryptKeystore";
import { toSafeExecutorAccount } from "../../signer/toSafeExecutorAccount";
import { action } from "../cliContext";
import { CliError } from "../cliOutput";
import { safeTransactionText } from "../safeTransactionText";

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
const collect = (value: string, previous: string[] = []) => [...previous, value];

function signaturesOf(o: { signature?: string[]; signaturesFile?: string }): Hex[] {
  let fromFile: string[] = [];
  if (o.signaturesFile) {
    try {
      fromFile = readFileSync(o.signaturesFile, "utf8").split(/\s+/).filter(Boolean);
    } catch {
      throw new CliError(2, "signatures_unreadable", `${o.signaturesFile} must be a readable file with one owner signature (0x + 130 hex) per line`);
    }
  }
  const all = [...(o.signature ?? []), ...fromFile];
  for (const s of all) if (!SIGNATURE.test(s)) throw new CliError(2, "signature_invalid", "each signature must be 0x + 130 hex digits: an owner's ECDSA signature of the printed safe tx hash");
  return all as Hex[];
}

/** `warden safe setup`: the one Safe transaction that makes a Safe ready for Warden (safe-module mode). */
export function registerSafeCommands(program: Command): void {
  const group = program.command("safe").description("safe-module mode: the Safe transactions the owners approve");
  group
    .command("setup")
    .description(
      "build (protocol-kit, one MultiSendCallOnly batch) the Safe transaction that enables the Warden module, sets the ExtensibleFallbackHandler, registers the module for the three exchange domains, sets the guardian (wallet.guardian) and sets the pUSD / ConditionalTokens allowances; with owners' signatures up to the threshold, execute it",
    )
    .option("--signature <0x…>", "an owner's signature of the printed safe tx hash (repeat up to the threshold)", collect)
    .option("--signatures-file <file>", "a file with owners' signatures, one per line")
    .option("--executor-keystore <file>", "with signatures: the keystore of the account that pays the gas (passphrase in WARDEN_EXECUTOR_PASSPHRASE); it authorises nothing")
    .action(
      action(async (ctx, o: { signature?: string[]; signaturesFile?: string; executorKeystore?: string }) => {
        const config = ctx.config();
        const w = config.wallet;
        if (w.mode !== "safe-module") throw new CliError(2, "not_safe_module", 'warden safe setup is for wallet.mode "safe-module": set wallet.safe, wallet.module and wallet.rpc_url');
        const safe = getAddress(w.safe);
        const module = getAddress(w.module);
        const kit = await openSafeKit({ safe, provider: w.rpc_url, ...(w.safe_contracts ? { contractNetworks: safeContractNetworks({ chainId: config.chain_id, contracts: w.safe_contracts }) } : {}) });
        const transport = http(w.rpc_url, { retryCount: 0 });
        const client = createPublicClient({ transport });
        const [guardian] = await client.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSafeState", args: [safe] });
        const current = { fallbackHandler: getAddress(await kit.getFallbackHandler()), moduleEnabled: await kit.isModuleEnabled(module), guardian: getAddress(guardian) };
        const calls = buildSafeSetupCalls({ safe, module, chainId: config.chain_id, fallbackHandler: getAddress(w.extensible_fallback_handler), current, ...(w.guardian ? { guardian: getAddress(w.guardian) } : {}) });
        const { view, transaction } = await safeTransactionView({ kit, calls, name: "Warden setup", nowMs: Date.now() });
        const signatures = signaturesOf(o);
        if (signatures.length === 0) {
          ctx.out.result({ safe_transaction: view }, `${safeTransactionText(view)}\nowners: sign the safe tx hash, then run warden safe setup --signature <sig> … --executor-keystore <file>; or import the --json transaction_builder in Safe{Wallet}`);
          return;
        }
        if (!o.executorKeystore) throw new CliError(2, "executor_missing", "give --executor-keystore <file> (an account with gas; WARDEN_EXECUTOR_PASSPHRASE opens it) to execute");
        const passphrase = process.env.WARDEN_EXECUTOR_PASSPHRASE;
        if (!passphrase) throw new CliError(2, "executor_passphrase_missing", "set WARDEN_EXECUTOR_PASSPHRASE to open the executor keystore");
        const key = decryptKeystore({ keystore: readFileSync(o.executorKeystore, "utf8"), passphrase });
        const txHash = await executeSafeTransaction({ kit, transaction, safeTxHash: view.safe_tx_hash, signatures, executor: toSafeExecutorAccount({ key, safe }), client, transport });
        ctx.out.result({ executed: true, tx_hash: txHash, safe_transaction: view }, `executed the Warden setup of ${safe as Address}: transaction ${txHash}\n${safeTransactionText(view)}`);
      }),
    );
}
