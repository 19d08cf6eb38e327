import { type Command, Option } from "commander";
import { action } from "../cliContext";
import { table } from "../cliOutput";

type TokenRow = { id: string; role: string; label: string; created_at_ms: number };

/**
 * `warden token create | list | revoke`: operator tokens over the running Warden's admin routes (the
 * server stores them hashed and audits every change with the acting token's id). Uses the program's
 * `--url`, `--token-file` and `--json` like every command (an admin token: WARDEN_OPERATOR_TOKEN,
 * `--token-file`, or the development token). The new token is printed once.
 *
 * @param program - The `warden` program.
 * @example
 * registerTokenCommands(program) // warden token create --role risk --label on-call
 */
export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("operator tokens (roles viewer, risk, admin; needs an admin token)");
  token
    .command("create")
    .description("create a token; it is printed once and stored only as its sha-256")
    .addOption(new Option("--role <role>", "the token's role").choices(["viewer", "risk", "admin"]).makeOptionMandatory())
    .option("--label <label>", "what the token is for", "")
    .action(
      action(async (ctx, o: { role: string; label: string }) => {
        const r = await ctx.api().post("/v1/tokens", { role: o.role, label: o.label });
        ctx.out.result(r, `created ${String(r.id)} (${String(r.role)})\n${String(r.token)}\nstore it now: Warden keeps only its hash`);
      }),
    );
  token
    .command("list")
    .description("list tokens (ids, roles, labels; never the tokens)")
    .action(
      action(async (ctx) => {
        const r = await ctx.api().get("/v1/tokens");
        const rows = (r.tokens as TokenRow[]).map((t) => ({ ...t, created: new Date(t.created_at_ms).toISOString() }));
        ctx.out.result(r, rows.length ? table(rows, ["id", "role", "created", "label"]) : "no tokens (the start token, WARDEN_OPERATOR_TOKEN, is an admin token)");
      }),
    );
  token
    .command("revoke")
    .description("revoke a token by id")
    .argument("<id>", "tok_…")
    .action(
      action(async (ctx, id: string) => {
        const r = await ctx.api().post("/v1/tokens/revoke", { id });
        ctx.out.result(r, `revoked ${id}`);
      }),
    );
}
