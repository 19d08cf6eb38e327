import { type Command, Option } from "commander";
import { action } from "../cliContext";
import { keyValues } from "../cliOutput";

const scopeOption = () =>
  new Option("--scope <scope>", "which switch").choices(["global", "cluster", "strategy", "family"]).makeOptionMandatory();

type Which = { scope: string; strategy?: string; cluster?: string; family?: string };
const which = (o: Which) => ({ scope: o.scope, strategy_id: o.strategy, cluster_id: o.cluster, family: o.family });

/** `warden kill arm | disarm` (operator token). */
export function registerKillCommands(program: Command): void {
  const kill = program.command("kill").description("kill switches (operator token): arm stops signing at once, disarm is an audited override");
  kill
    .command("arm")
    .description("arm a kill switch")
    .addOption(scopeOption())
    .option("--strategy <id>", "strategy id (scope strategy)")
    .option("--cluster <id>", "cluster id (scope cluster)")
    .option("--family <name>", "bot family (scope family)")
    .requiredOption("--actor <name>", "who arms it (audited)")
    .requiredOption("--reason <text>", "why (audited)")
    .action(
      action(async (ctx, o: Which & { actor: string; reason: string }) => {
        const answer = await ctx.api().post("/v1/kill-switch", { ...which(o), armed: true, actor: o.actor, reason: o.reason });
        ctx.out.result(answer, keyValues(answer));
      }),
    );
  kill
    .command("disarm")
    .description("disarm a kill switch (an override: refused with the auditor's code when not allowed)")
    .addOption(scopeOption())
    .option("--strategy <id>", "strategy id (scope strategy)")
    .option("--cluster <id>", "cluster id (scope cluster)")
    .option("--family <name>", "bot family (scope family)")
    .requiredOption("--requestor <id>", "who asks (audited)")
    .requiredOption("--justification <text>", "why (audited)")
    .action(
      action(async (ctx, o: Which & { requestor: string; justification: string }) => {
        const answer = await ctx.api().post("/v1/kill-switch", { ...which(o), armed: false, requestor_id: o.requestor, justification: o.justification });
        ctx.out.result(answer, keyValues({ scope: answer.scope, armed: answer.armed, decision: answer.decision, warnings: answer.warnings }));
      }),
    );
}
