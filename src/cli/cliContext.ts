import type { Command } from "commander";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { type CliOutput, createCliOutput } from "./cliOutput";
import { operatorToken } from "./cliToken";
import { loadCliConfig } from "./loadCliConfig";
import { type WardenApi, apiUrl, wardenApi } from "./wardenApi";

/** The options every command accepts (declared once on the program). */
export type GlobalOptions = { config?: string; json?: boolean; url?: string; tokenFile?: string };

/** What a command's action works with; config and API are opened on first use. */
export type CliContext = {
  options: GlobalOptions;
  out: CliOutput;
  config(): WardenConfig;
  api(): WardenApi;
};

/** The context of the command being run (`cmd` is the action's last argument). */
export function cliContext(cmd: Command): CliContext {
  const options = cmd.optsWithGlobals<GlobalOptions>();
  let config: WardenConfig | undefined;
  const ctx: CliContext = {
    options,
    out: createCliOutput(options.json === true),
    config: () => (config ??= loadCliConfig(options.config)),
    api: () => wardenApi({ url: apiUrl(ctx.config(), options.url), token: operatorToken(options.tokenFile) }),
  };
  return ctx;
}

/** Wraps an action so its context comes first; errors reach the program's one handler. */
export function action<A extends unknown[]>(run: (ctx: CliContext, ...args: A) => Promise<void> | void) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    await run(cliContext(cmd), ...(args.slice(0, -1) as A));
  };
}
