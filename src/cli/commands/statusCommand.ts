import type { Command } from "commander";
import { action } from "../cliContext";
import { CliError, keyValues, table } from "../cliOutput";

/** `warden status`: the running Warden's health, wallet and kill switches. */
export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("the running Warden: health, wallet, kill switches (needs an operator token, viewer role or above)")
    .action(
      action(async (ctx) => {
        const api = ctx.api();
        const wallet = await api.get("/v1/wallet");
        const health = await api.get("/health").catch((e: unknown) => {
          if (e instanceof CliError && e.details.status === 503) return { status: "unavailable" };
          throw e;
        });
        const switches = await api
          .get("/v1/kill-switch")
          .then((r) => (r.switches as Record<string, unknown>[]) ?? [])
          .catch((e: unknown) => {
            if (e instanceof CliError && e.error !== "warden_unreachable") return null;
            throw e;
          });
        const status = { url: api.url, health: health.status, wallet: wallet.address, signer: wallet.signer, chain_id: wallet.chain_id, kill_switches: switches };
        ctx.out.result(
          status,
          `${keyValues({ url: status.url, health: status.health, wallet: status.wallet, signer: status.signer, chain_id: status.chain_id })}\n\nkill switches:\n${switches === null ? "(needs an operator token)" : table(switches, ["scope", "target", "armed", "actor", "reason"])}`,
        );
        if (health.status !== "ok") process.exitCode = 1;
      }),
    );
}
