import { type Address, type PublicClient, createPublicClient, getAddress, http, isAddressEqual, parseAbi, zeroAddress } from "viem";
import { wardenModuleAbi } from "../../chain/generated/wardenModuleAbi";
import { readSafeFallbackHandler } from "../../chain/readSafeFallbackHandler";
import { safeSetupSpenders } from "../../chain/safeSetupSpenders";
import type { WardenConfig } from "../../config/wardenConfigSchema";
import { exchangeDomain } from "../../core/polymarket/exchangeDomain";
import { exchangeDomainSeparator } from "../../core/polymarket/exchangeDomainSeparator";
import { polymarketExchanges } from "../../core/polymarket/exchanges";
import type { DoctorCheck } from "./doctorChecks";
import { readAllowances } from "./readAllowances";

// The Safe versions the Warden module is tested on (test/contracts, test/safe).
const SUPPORTED_SAFE_VERSIONS = ["1.3.0", "1.4.1", "1.5.0"];
const SETUP = "run `warden safe setup` and have the owners execute the Safe transaction it prints";

const safeAbi = parseAbi(["function VERSION() view returns (string)", "function isModuleEnabled(address module) view returns (bool)"]);
const handlerAbi = parseAbi(["function domainVerifiers(address safe, bytes32 domainSeparator) view returns (address)"]);

const red = (check: string, detail: string, fix: string): DoctorCheck => ({ check, ok: false, detail, fix });
const green = (check: string, detail: string): DoctorCheck => ({ check, ok: true, detail });

/**
 * `warden doctor` in safe-module mode: what `warden safe setup` makes true of the Safe, read from
 * the chain — the Safe deployed and of a supported version, the Warden module deployed and
 * enabled, the ExtensibleFallbackHandler set, the module the domain verifier of the three exchange
 * domains, the pUSD and ConditionalTokens allowances for the exchanges and the NegRisk adapter —
 * and the module's guardian for the Safe (a warning when none: the kill switch then cannot pause
 * on-chain). Each red line names its fix; when the Safe has no code, nothing else is read.
 *
 * @param config - The validated config (other modes: no checks); the chain is read at `wallet.rpc_url`.
 * @returns The checks, in the order the setup batch makes them true.
 * @example
 * const checks = await safeModuleChecks(config);
 */
export async function safeModuleChecks(config: WardenConfig): Promise<DoctorCheck[]> {
  const w = config.wallet;
  if (w.mode !== "safe-module") return [];
  const chain = createPublicClient({ transport: http(w.rpc_url, { timeout: 5_000, retryCount: 0 }) });
  const safe = getAddress(w.safe);
  const module = getAddress(w.module);
  const handler = getAddress(w.extensible_fallback_handler);
  const unreadable = (check: string, what: string) => red(check, `cannot read ${what}`, "check wallet.rpc_url (a node of chain_id's chain) and the network");

  const safeCheck = await (async (): Promise<DoctorCheck & { deployed?: boolean }> => {
    try {
      if (!(await chain.getCode({ address: safe }))) return red("safe", `no contract at ${safe}`, "check wallet.safe (the Safe's address on this chain) and that wallet.rpc_url is a node of chain_id's chain");
      const version = await chain.readContract({ address: safe, abi: safeAbi, functionName: "VERSION" }).catch(() => null);
      if (version === null) return { ...red("safe", `${safe} has code but answers no Safe VERSION()`, "wallet.safe must be a Safe (1.3.0, 1.4.1 or 1.5.0)"), deployed: true };
      return SUPPORTED_SAFE_VERSIONS.includes(version)
        ? { ...green("safe", `${safe}: Safe ${version}`), deployed: true }
        : { ...red("safe", `${safe}: Safe ${version}`, `the Warden module is tested on Safe ${SUPPORTED_SAFE_VERSIONS.join(", ")}: migrate the Safe (Safe{Wallet} offers it) before trading`), deployed: true };
    } catch {
      return unreadable("safe", `the code at ${safe}`);
    }
  })();
  const { deployed, ...first } = safeCheck;
  if (!deployed) return [first];

  const checks: DoctorCheck[] = [first];
  checks.push(
    await (async () => {
      try {
        if (!(await chain.getCode({ address: module }))) return red("module", `no contract at ${module}`, "check wallet.module (the Warden module deployed on this chain: npx hardhat run deploy/…)");
        return (await chain.readContract({ address: safe, abi: safeAbi, functionName: "isModuleEnabled", args: [module] }))
          ? green("module", `${module} enabled on the Safe`)
          : red("module", `${module} is not enabled on the Safe`, SETUP);
      } catch {
        return unreadable("module", `whether ${module} is enabled on the Safe`);
      }
    })(),
  );
  checks.push(
    await (async () => {
      try {
        if (!(await chain.getCode({ address: handler })))
          return red("handler", `no contract at wallet.extensible_fallback_handler ${handler}`, "set wallet.extensible_fallback_handler to Safe's ExtensibleFallbackHandler on this chain (1.5.0 canonical: 0x85a8ca358D388530ad0fB95D0cb89Dd44Fc242c3)");
        const current = await readSafeFallbackHandler(chain, safe);
        return isAddressEqual(current, handler)
          ? green("handler", `fallback handler is the ExtensibleFallbackHandler ${handler}`)
          : red("handler", `fallback handler is ${isAddressEqual(current, zeroAddress) ? "unset" : current}, not the ExtensibleFallbackHandler ${handler}`, `${SETUP} (it sets the handler, which keeps Safe signatures and token callbacks)`);
      } catch {
        return unreadable("handler", "the Safe's fallback handler");
      }
    })(),
  );
  checks.push(
    await (async () => {
      try {
        const missing: string[] = [];
        for (const e of polymarketExchanges) {
          const separator = exchangeDomainSeparator(exchangeDomain({ exchange: getAddress(e.address), version: e.version, chainId: config.chain_id }));
          const verifier = await chain.readContract({ address: handler, abi: handlerAbi, functionName: "domainVerifiers", args: [safe, separator] });
          if (!isAddressEqual(verifier, module)) missing.push(e.name);
        }
        const names = polymarketExchanges.map((e) => e.name).join(", ");
        return missing.length === 0
          ? green("verifiers", `the module verifies the Safe's orders on ${names}`)
          : red("verifiers", `the module is not the Safe's domain verifier for ${missing.join(", ")}: the exchange refuses those orders`, SETUP);
      } catch {
        return unreadable("verifiers", "the handler's domain verifiers");
      }
    })(),
  );
  checks.push(
    await (async () => {
      try {
        const read = await readAllowances(chain, safe, safeSetupSpenders());
        const missing = [...read.filter((s) => !s.pusd).map((s) => `pUSD.approve(${s.name})`), ...read.filter((s) => !s.ctf).map((s) => `ConditionalTokens.setApprovalForAll(${s.name}, true)`)];
        return missing.length === 0
          ? green("allowances", "pUSD and ConditionalTokens approved for the three exchanges and the NegRisk adapter")
          : red("allowances", `the Safe lacks ${missing.join(", ")}: the exchange cannot fill its orders`, SETUP);
      } catch {
        return unreadable("allowances", "the Safe's pUSD and ConditionalTokens allowances");
      }
    })(),
  );
  checks.push(await guardianCheck(chain, module, safe));
  return checks;
}

async function guardianCheck(chain: Pick<PublicClient, "readContract">, module: Address, safe: Address): Promise<DoctorCheck> {
  try {
    const [guardian, paused] = await chain.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSafeState", args: [safe] });
    const pausedNote = paused ? "; the module is PAUSED for this Safe (no order validates until the Safe unpauses)" : "";
    if (isAddressEqual(guardian, zeroAddress))
      return {
        check: "guardian",
        ok: true,
        warn: true,
        detail: `no guardian on the module for the Safe${pausedNote}`,
        fix: "optional: the owners call WardenModule.setGuardian(<the risk team's key>) from the Safe, so the kill switch can pause the module on-chain (a guardian may pause, never grant or unpause)",
      };
    return paused ? red("guardian", `guardian ${guardian}${pausedNote}`, "the Safe's owners unpause the module (WardenModule.unpauseSafe) once the reason is cleared") : green("guardian", `guardian ${guardian} may pause the module for the Safe`);
  } catch {
    return red("guardian", "cannot read the module's state for the Safe", "check wallet.module and wallet.rpc_url");
  }
}
