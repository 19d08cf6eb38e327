import type { Command } from "commander";
import { action } from "../cliContext";
import { allowanceChecks, chainChecks, type DoctorCheck, keystoreCheck, marketDataChecks, storeCheck } from "./doctorChecks";
import { safeModuleChecks } from "./safeModuleDoctorChecks";

/** `warden doctor`: what a new deployment gets wrong, checked before trading; exit 1 when any is red. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description(
      "check config, keystore, store, market data, clock and (chain modes) the RPC, its chain id and the allowances — safe-module mode also the Safe, the module, the fallback handler, the domain verifiers and the guardian; each green/red with its fix",
    )
    .action(
      action(async (ctx) => {
        let checks: DoctorCheck[];
        try {
          const config = ctx.config();
          checks = [
            { check: "config", ok: true, detail: "valid" },
            keystoreCheck(config),
            storeCheck(config),
            ...(await marketDataChecks(config, Date.now)),
            ...(await chainChecks(config, Date.now)),
            ...(await allowanceChecks(config)),
            ...(await safeModuleChecks(config)),
          ];
        } catch (e) {
          const fix = e instanceof Error && "metaMessages" in e ? (e.metaMessages as string[]).join("; ") : "fix the config file";
          checks = [{ check: "config", ok: false, detail: "invalid", fix }];
        }
        const ok = checks.every((c) => c.ok);
        ctx.out.result(
          { ok, checks },
          checks.map((c) => `${c.ok ? (c.warn ? "! warn " : "✔ green") : "✖ red  "}  ${c.check.padEnd(12)} ${c.detail}${c.fix ? `\n                        fix: ${c.fix}` : ""}`).join("\n"),
        );
        if (!ok) process.exitCode = 1;
      }),
    );
}
