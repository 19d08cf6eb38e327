import type { Command } from "commander";
import { createLogger } from "../../log/createLogger";
import { createStore } from "../../store/createStore";
import { action } from "../cliContext";
import { keystoreAddress } from "../cliKeystore";
import { CliError, keyValues, table } from "../cliOutput";

const verify = action(async (ctx) => {
  const config = ctx.config();
  const logger = createLogger({ level: "silent" });
  const store = await createStore(config.store, config.store.kind === "redis" ? { chainId: config.chain_id, wallet: keystoreAddress(config), logger } : undefined);
  const result = await store.verifyAudit().finally(() => store.close());
  ctx.out.result(
    result,
    result.ok
      ? `audit chain ok: ${result.records} records, head ${result.head}`
      : `audit chain BROKEN at record ${result.broken_at_seq} (${result.problem}); ${result.records} records verified before it\n${keyValues(result)}`,
  );
  if (!result.ok) process.exitCode = 1;
});

/** `warden audit tail | verify`. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("the audit hash chain: tail (running Warden), verify (opens the store)");
  audit
    .command("tail")
    .description("the latest audit records of the running Warden (operator token)")
    .option("-n, --limit <n>", "how many records, 1 to 1000", "20")
    .action(
      action(async (ctx, o: { limit: string }) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError(2, "limit_invalid", "--limit must be a whole number from 1 to 1000");
        const { records } = (await ctx.api().get(`/v1/audit?limit=${limit}`)) as { records: Record<string, unknown>[] };
        ctx.out.result({ records }, table(records, ["seq", "at_ms", "kind", "hash"]));
      }),
    );
  audit
    .command("verify")
    .description("verify the audit chain in the store (embedded: of a stopped Warden; redis: the whole log); exit 1 when broken")
    .action(verify);
  // The old spelling keeps working for scripts.
  program.command("audit-verify", { hidden: true }).action(verify);
}
