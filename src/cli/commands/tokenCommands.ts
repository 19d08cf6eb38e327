import { readFileSync } from "node:fs";
import type { Command } from "commander";

type Globals = { url: string; tokenFile?: string; json?: boolean };

/** The admin token the CLI sends: `WARDEN_OPERATOR_TOKEN`, else the first line of `--token-file`. */
function adminToken(g: Globals): string {
  const env = process.env.WARDEN_OPERATOR_TOKEN;
  if (env) return env;
  if (g.tokenFile) return readFileSync(g.tokenFile, "utf8").split("\n")[0]?.trim() ?? "";
  throw Object.assign(new Error("set WARDEN_OPERATOR_TOKEN or pass --token-file <file> (an admin token)"), { exitCode: 2 });
}

async function call(g: Globals, method: "GET" | "POST", path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${g.url.replace(/\/$/, "")}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken(g)}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const fix = [answer.fix].flat().filter(Boolean).join(" ");
    throw Object.assign(new Error(`Warden answered ${res.status} ${String(answer.error ?? "")}${fix ? `: ${fix}` : ""}`), { exitCode: res.status === 400 ? 2 : 1 });
  }
  return answer;
}

const print = (g: Globals, value: Record<string, unknown>, text: string) => process.stdout.write(g.json ? `${JSON.stringify(value)}\n` : `${text}\n`);

/**
 * `warden token create|list|revoke`: operator tokens over the running Warden's admin routes (the
 * server stores them hashed and audits every change with the acting token's id). The new token is
 * printed once; errors exit 1 (refused) or 2 (usage), with the server's fix.
 *
 * @example
 * registerTokenCommands(program) // warden token create --role risk --label on-call
 */
export function registerTokenCommands(program: Command): void {
  const token = program
    .command("token")
    .description("Operator tokens (roles viewer, risk, admin); needs an admin token in WARDEN_OPERATOR_TOKEN or --token-file")
    .option("--url <url>", "the running Warden", "http://127.0.0.1:8787")
    .option("--token-file <file>", "file holding an admin token (first line)")
    .option("--json", "print JSON");
  const globals = (): Globals => token.opts<Globals>();
  token
    .command("create")
    .description("create a token; it is printed once and stored only as its sha-256")
    .requiredOption("--role <role>", "viewer | risk | admin")
    .option("--label <label>", "what the token is for", "")
    .action(async (o: { role: string; label: string }) => {
      const r = await call(globals(), "POST", "/v1/tokens", { role: o.role, label: o.label });
      print(globals(), r, `created ${String(r.id)} (${String(r.role)})\n${String(r.token)}\nstore it now: Warden keeps only its hash`);
    });
  token
    .command("list")
    .description("list tokens (ids, roles, labels)")
    .action(async () => {
      const r = await call(globals(), "GET", "/v1/tokens");
      const rows = (r.tokens as { id: string; role: string; label: string; created_at_ms: number }[]).map((t) => `${t.id}  ${t.role.padEnd(6)}  ${new Date(t.created_at_ms).toISOString()}  ${t.label}`);
      print(globals(), r, rows.length ? rows.join("\n") : "no tokens (WARDEN_OPERATOR_TOKEN is an admin token)");
    });
  token
    .command("revoke")
    .description("revoke a token by id")
    .argument("<id>", "tok_…")
    .action(async (id: string) => {
      const r = await call(globals(), "POST", "/v1/tokens/revoke", { id });
      print(globals(), r, `revoked ${id}`);
    });
}
