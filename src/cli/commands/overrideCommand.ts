import type { Command } from "commander";
import { action } from "../cliContext";
import { CliError, keyValues } from "../cliOutput";

/** `warden override` (operator token): a run-time override per seed 001, judged by the auditor. */
export function registerOverrideCommand(program: Command): void {
  program
    .command("override")
    .description("request a run-time override (seed 001); refused with the auditor's reason code when not allowed")
    .requiredOption("--target <field>", "what to change, e.g. risk.exposure.max_per_market_usd")
    .requiredOption("--value <json>", "the new value, as JSON (e.g. 2500, true, \"text\")")
    .requiredOption("--requestor <id>", "who asks (audited)")
    .requiredOption("--justification <text>", "why (audited)")
    .action(
      action(async (ctx, o: { target: string; value: string; requestor: string; justification: string }) => {
        let value: unknown;
        try {
          value = JSON.parse(o.value);
        } catch {
          throw new CliError(2, "value_invalid", `--value must be JSON, e.g. 2500 or '"text"' (got ${JSON.stringify(o.value.slice(0, 40))})`);
        }
        const answer = await ctx.api().post("/v1/overrides", { target: o.target, value, requestor_id: o.requestor, justification: o.justification });
        ctx.out.result(answer, keyValues({ decision: answer.decision, warnings: answer.warnings }));
      }),
    );
}
