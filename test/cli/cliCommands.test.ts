import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tempDir } from "../helpers/testWarden";
import { freePort, runCli, startWarden, type StartedWarden } from "./helpers/cliProcess";

const passphrase = "correct horse battery staple for the cli test";
const token = "op-token-for-the-cli-test-0123456789";
const cwd = tempDir();
let env: Record<string, string>;
let warden: StartedWarden;
const outputs: string[] = [];
const cli = (args: string[], extra: Record<string, string | undefined> = {}) => {
  const run = runCli(args, { cwd, env: { ...env, ...extra } });
  outputs.push(run.stdout, run.stderr);
  return run;
};

beforeAll(async () => {
  env = { WARDEN_KEYSTORE_PASSPHRASE: passphrase, WARDEN_OPERATOR_TOKEN: token, WARDEN_PORT: String(await freePort()) };
  const init = runCli(["init", "--base-capital", "25000", "--json"], { cwd, env });
  expect(init.status, init.stderr).toBe(0);
  // The fixture market tracked.
  const config = readFileSync(join(cwd, "warden.config.json"), "utf8").replace(
    '"token_ids": []',
    '"token_ids": ["104656997773343516662479546460498331313910828479746660942916932994008403069514"]',
  );
  writeFileSync(join(cwd, "warden.config.json"), config);
  warden = await startWarden({ cwd, env });
}, 90_000);
afterAll(async () => {
  await warden?.stop();
});

describe("commands against a running Warden (real HTTP API on a free port)", () => {
  let sessionId = "";
  test("status --json: health, wallet, chain and the kill switches", () => {
    const run = cli(["status", "--json"]);
    expect(run.status).toBe(0);
    expect(run.json()).toMatchObject({ health: "ok", wallet: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/), chain_id: 137, kill_switches: expect.any(Array) });
    const text = cli(["status"]);
    expect(text.stdout).toMatch(/^health\s+ok$/m);
    expect(text.stdout).toContain("kill switches:");
  });
  test("session grant signs the grant with the keystore and prints the credential once", () => {
    writeFileSync(join(cwd, "scope.json"), readFileSync(join(process.cwd(), "examples/scope.json")));
    const run = cli(["session", "grant", "--strategy", "cli-test", "--scope", "scope.json", "--json"]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const issued = run.json();
    expect(issued).toMatchObject({ session_id: expect.stringMatching(/^0x[0-9a-f]{64}$/), credential: expect.stringMatching(/^wdn_/), strategy_id: "cli-test", warnings: [] });
    expect(run.stdout.split(String(issued.credential)).length - 1).toBe(1);
    expect(warden.output()).not.toContain(String(issued.credential));
    sessionId = String(issued.session_id);
  });
  test("session grant: a scope outside the config's limits is refused by Warden, exit 1 with the field", () => {
    writeFileSync(join(cwd, "bad-scope.json"), JSON.stringify({ method_whitelist: ["CTFExchangeV2.matchOrders"], max_per_call_size_usd: -5 }));
    const run = cli(["session", "grant", "--strategy", "x", "--scope", "bad-scope.json", "--json"]);
    expect([1, 2]).toContain(run.status);
    expect(JSON.stringify(run.json())).toContain("max_per_call_size_usd");
  });
  test("session grant: an unreadable scope file is a usage error", () => {
    const run = cli(["session", "grant", "--strategy", "x", "--scope", "missing.json"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing.json");
  });
  test("session revoke signs the revocation with the keystore", () => {
    const run = cli(["session", "revoke", sessionId, "--json"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ revoked: sessionId });
    const again = cli(["session", "revoke", "0x1234", "--json"]);
    expect(again.status).toBe(2);
    expect(again.json()).toMatchObject({ error: "session_id_invalid" });
  });
  test("kill arm / disarm with the operator token; without it, refused with the fix", () => {
    const noToken = cli(["kill", "arm", "--scope", "strategy", "--strategy", "cli-test", "--actor", "ops", "--reason", "test", "--json"], { WARDEN_OPERATOR_TOKEN: undefined });
    expect(noToken.status).toBe(1);
    expect(String(noToken.json().fix)).toContain("WARDEN_OPERATOR_TOKEN");
    const arm = cli(["kill", "arm", "--scope", "strategy", "--strategy", "cli-test", "--actor", "ops", "--reason", "test", "--json"]);
    expect(arm.status, arm.stdout).toBe(0);
    expect(arm.json()).toMatchObject({ scope: "strategy", target: "cli-test", armed: true });
    const status = cli(["status", "--json"]).json() as { kill_switches: { target: string; armed: boolean }[] };
    expect(status.kill_switches).toContainEqual(expect.objectContaining({ target: "cli-test", armed: true }));
    const disarm = cli(["kill", "disarm", "--scope", "strategy", "--strategy", "cli-test", "--requestor", "ops-lead", "--justification", "tested the strategy kill switch from the CLI test", "--json"]);
    // Disarming is an override: allowed (0) or refused with the auditor's reason code (1).
    if (disarm.status === 0) expect(disarm.json()).toMatchObject({ armed: false, decision: expect.any(String) });
    else {
      expect(disarm.status).toBe(1);
      expect(disarm.json().error).toMatch(/^OVERRIDE_/);
    }
  });
  test("override: an unknown target is refused with the auditor's reason code, exit 1", () => {
    const run = cli(["override", "--target", "no.such.field", "--value", "1", "--requestor", "ops", "--justification", "testing the override refusal path", "--json"]);
    expect(run.status).toBe(1);
    expect(run.json().error).toMatch(/^[A-Z_]+$/);
  });
  test("session list / show and audit tail read the running Warden (viewer routes), as JSON and as tables", () => {
    const list = cli(["session", "list", "--json"]);
    expect(list.status, list.stderr).toBe(0);
    const sessions = list.json().sessions as Record<string, unknown>[];
    expect(sessions).toContainEqual(expect.objectContaining({ session_id: sessionId, strategy_id: "cli-test", status: "revoked" }));
    for (const s of sessions) expect(s).not.toHaveProperty("credential_hash");
    expect(cli(["session", "list"]).stdout).toMatch(new RegExp(`^${sessionId}\\s+cli-test\\s+revoked`, "m"));
    const show = cli(["session", "show", sessionId, "--json"]);
    expect(show.status, show.stderr).toBe(0);
    expect(show.json()).toMatchObject({ session_id: sessionId, revoke_reason: expect.any(String) });
    const missing = cli(["session", "show", `0x${"ab".repeat(32)}`, "--json"]);
    expect(missing.status).toBe(1);
    expect(missing.json()).toMatchObject({ error: "session_not_found" });
    const tail = cli(["audit", "tail", "--limit", "3", "--json"]);
    expect(tail.status, tail.stderr).toBe(0);
    const records = tail.json().records as { seq: number; kind: string }[];
    expect(records).toHaveLength(3);
    expect(records.map((r) => r.seq)).toEqual([records[0]!.seq, records[0]!.seq + 1, records[0]!.seq + 2]);
    expect(cli(["audit", "tail", "--limit", "0"]).status).toBe(2);
  });
  test("token create / list / revoke with the start's admin token (the program's --json and token options); a viewer token is refused with the server's code", () => {
    const created = cli(["token", "create", "--role", "viewer", "--label", "grafana", "--json"]);
    expect(created.status, created.stderr).toBe(0);
    const made = created.json() as { id: string; role: string; token: string };
    expect(made).toMatchObject({ id: expect.stringMatching(/^tok_/), role: "viewer", token: expect.stringMatching(/^wop_/) });
    const listed = cli(["token", "list"]);
    expect(listed.stdout).toMatch(new RegExp(`^${made.id}\\s+viewer\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+grafana$`, "m"));
    expect(listed.stdout).not.toContain(made.token);
    // The viewer token reads, but cannot make tokens: exit 1 with the server's reason.
    const asViewer = cli(["token", "create", "--role", "admin", "--json"], { WARDEN_OPERATOR_TOKEN: made.token });
    expect(asViewer.status).toBe(1);
    expect(asViewer.json()).toMatchObject({ error: "role_insufficient" });
    expect(cli(["token", "create", "--role", "root"]).status).toBe(2);
    const revoked = cli(["token", "revoke", made.id]);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${made.id}`);
    // Revoked: the token no longer opens even a viewer route.
    const after = cli(["status", "--json"], { WARDEN_OPERATOR_TOKEN: made.token });
    expect(after.status).toBe(1);
  });
  // Regressions (stop 27 review): a --save path that could not be written lost a granted session's
  // credential (exit 1, "unexpected"), and --save over an existing 0644 file left it world-readable.
  test("regression: session grant --save into a missing directory is refused before any session is requested", () => {
    const before = (cli(["session", "list", "--json"]).json().sessions as unknown[]).length;
    for (const save of [join(cwd, "no-such-dir", "cred"), cwd]) {
      const run = cli(["session", "grant", "--strategy", "save-bad", "--scope", "scope.json", "--save", save, "--json"]);
      expect(run.status, run.stdout + run.stderr).toBe(2);
      expect(run.json()).toMatchObject({ error: "save_path_invalid", fix: expect.stringContaining("nothing was requested") });
    }
    expect((cli(["session", "list", "--json"]).json().sessions as unknown[]).length).toBe(before);
  });
  test("regression: session grant --save over an existing 0644 file leaves it 0600, holding the credential", () => {
    const save = join(cwd, "cred.txt");
    writeFileSync(save, "old\n", { mode: 0o644 });
    chmodSync(save, 0o644);
    const run = cli(["session", "grant", "--strategy", "save-ok", "--scope", "scope.json", "--save", save, "--json"]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const issued = run.json();
    expect(issued).toMatchObject({ saved_to: save });
    expect(statSync(save).mode & 0o777).toBe(0o600);
    expect(readFileSync(save, "utf8")).toBe(`${String(issued.credential)}\n`);
    expect(readdirSync(cwd).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
  test("regression: a --save write that fails after the grant still prints the credential, with save_error, exit 1", () => {
    // A name longer than the file system allows passes the directory check and fails at the write.
    const save = join(cwd, "x".repeat(300));
    const run = cli(["session", "grant", "--strategy", "save-late", "--scope", "scope.json", "--save", save, "--json"]);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const issued = run.json();
    expect(issued).toMatchObject({ credential: expect.stringMatching(/^wdn_/), save_error: expect.stringContaining("ENAMETOOLONG") });
    expect(issued).not.toHaveProperty("saved_to");
    expect(String(issued.save_error)).not.toContain(String(issued.credential));
  });
  test("no passphrase or operator token in any output, the CLI's or Warden's", () => {
    const all = outputs.join("\n") + warden.output();
    expect(all).not.toContain(passphrase);
    expect(all).not.toContain(token);
  });
});

describe("audit verify opens the store of the stopped Warden", () => {
  test("ok: exit 0 and the count; text names the head", async () => {
    await warden.stop();
    // A copy to tamper with below, taken before any verification (a verification resumes from the
    // position the previous one stored).
    mkdirSync(join(cwd, "copy"));
    for (const f of readdirSync(join(cwd, ".warden"))) if (f.startsWith("warden.db")) copyFileSync(join(cwd, ".warden", f), join(cwd, "copy", f));
    const run = cli(["audit", "verify", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, records: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(cli(["audit", "verify"]).stdout).toMatch(/^audit chain ok: \d+ records, head [0-9a-f]{64}$/m);
    expect(cli(["audit-verify", "--json"]).status).toBe(0);
  }, 60_000);
  test("a tampered record: exit 1 naming it", async () => {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(join(cwd, "copy/warden.db"));
    const table = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%audit%'").get() as { name: string }).name;
    // Whoever edits the file can drop the append-only triggers too.
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type='trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER ${name}`);
    db.prepare(`UPDATE ${table} SET payload_json = '{"tampered":true}' WHERE seq = 1`).run();
    db.close();
    writeFileSync(join(cwd, "copy.json"), JSON.stringify({ wallet: { keystore_path: ".warden/wallet.json" }, store: { path: "copy/warden.db" } }));
    const run = cli(["audit", "verify", "--json", "--config", "copy.json"]);
    expect(run.status).toBe(1);
    expect(run.json()).toMatchObject({ ok: false, broken_at_seq: 1 });
  }, 60_000);
});
