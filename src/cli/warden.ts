#!/usr/bin/env node
// The `warden` command: only the skeleton. Each command group lives in ./commands/ and registers
// itself on the program; this file and ./commands read process.env, nothing below src/cli does.
import { Command, CommanderError } from "commander";
import { packageVersion } from "../core/packageRoot";
import { exitCodes, reportError } from "./cliOutput";
import { registerAuditCommands } from "./commands/auditCommands";
import { registerDepositWalletCommands } from "./commands/depositWalletCommands";
import { registerDoctorCommand } from "./commands/doctorCommand";
import { registerInitCommand } from "./commands/initCommand";
import { registerKillCommands } from "./commands/killCommands";
import { registerOverrideCommand } from "./commands/overrideCommand";
import { registerSafeCommands } from "./commands/safeCommands";
import { registerSessionCommands } from "./commands/sessionCommands";
import { registerStartCommand } from "./commands/startCommand";
import { registerStatusCommand } from "./commands/statusCommand";
import { registerStoreCommands } from "./commands/storeCommands";
import { registerTokenCommands } from "./commands/tokenCommands";

const program = new Command("warden")
  .description("Warden: a guarded signing proxy for automated Polymarket CLOB V2 trading.")
  .version(packageVersion(), "-V, --version", "print the version")
  .option("--config <file>", "config file (default: WARDEN_CONFIG, else ./warden.config.json if present)")
  .option("--json", "answer in JSON (one object on stdout), for scripts")
  .option("--url <url>", "the running Warden's API (default: WARDEN_URL, else server.host:server.port of the config)")
  .option("--token-file <file>", "file holding the operator token (default: WARDEN_OPERATOR_TOKEN, else .warden/operator.token)")
  .addHelpText(
    "after",
    `
Exit codes: 0 ok, 1 refused (by Warden, a check, or an unreachable Warden), 2 usage or configuration error.
Environment: WARDEN_CONFIG, WARDEN_PORT, WARDEN_URL, WARDEN_OPERATOR_TOKEN, WARDEN_KEYSTORE_PASSPHRASE,
WARDEN_REDIS_URL, WARDEN_KEY_ENCRYPTION_KEY, WARDEN_RELAYER_API_KEY / WARDEN_RELAYER_API_KEY_ADDRESS (README "CLI").`,
  )
  .showSuggestionAfterError()
  .exitOverride();

// Every command group, one register function per file (a new group adds one line here).
registerStartCommand(program);
registerInitCommand(program);
registerStatusCommand(program);
registerDoctorCommand(program);
registerSessionCommands(program);
registerKillCommands(program);
registerOverrideCommand(program);
registerAuditCommands(program);
registerStoreCommands(program);
registerDepositWalletCommands(program);
registerTokenCommands(program);
registerSafeCommands(program);

for (const cmd of [program, ...allSubcommands(program)]) cmd.exitOverride();

function allSubcommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allSubcommands(c)]);
}

const json = process.argv.includes("--json");
program
  .parseAsync(process.argv)
  .then(() => {
    // `warden` alone, or `warden --json`: name a command.
    if (program.args.length === 0 && process.argv.length <= 2 + (json ? 1 : 0)) {
      if (json) process.stdout.write(`${JSON.stringify({ error: "usage", fix: "name a command; see warden --help" })}\n`);
      else program.outputHelp({ error: true });
      process.exitCode = exitCodes.usage;
    }
  })
  .catch((e: unknown) => {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; a usage mistake (commander has printed it to stderr) is 2,
      // and with --json also the one {error, fix} object on stdout every failure gives.
      process.exitCode = e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
      if (json && e.exitCode !== 0) process.stdout.write(`${JSON.stringify({ error: "usage", fix: `${e.message.replace(/^error: /, "")}; see warden --help`, commander_code: e.code })}\n`);
      return;
    }
    process.exitCode = reportError(e, json);
  });
