import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "../helpers/testWarden";
import { runCli } from "./helpers/cliProcess";

// Regression: `warden --help`, `--version` and `--json` exited 1 with "unexpected error (see logs)".
describe("warden --help / --version / --json (regression: they exited 1 with 'unexpected error')", () => {
  const cwd = tempDir();
  test("--version prints the package version, exit 0", () => {
    const run = runCli(["--version"], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
  test("--help lists every command and the exit codes, exit 0", () => {
    const run = runCli(["--help"], { cwd });
    expect(run.status).toBe(0);
    for (const c of ["start", "init", "status", "doctor", "session", "kill", "override", "audit", "keystore-create", "store", "deposit-wallet"]) expect(run.stdout).toContain(`  ${c}`);
    expect(run.stdout).toContain("Exit codes: 0 ok, 1 refused");
  });
  test.each([["session"], ["kill"], ["audit"], ["session", "grant"], ["kill", "arm"], ["override"], ["init"], ["doctor"], ["status"], ["deposit-wallet", "authorize"]])("%s … --help exits 0", (...args) => {
    const run = runCli([...args, "--help"], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: warden /);
  });
  test("--json alone names no command: usage, exit 2", () => {
    expect(runCli(["--json"], { cwd }).status).toBe(2);
    expect(runCli([], { cwd }).status).toBe(2);
  });
});

describe("usage and configuration errors exit 2 with the field and the fix, never a stack trace", () => {
  const cwd = tempDir();
  test("an unknown command", () => {
    const run = runCli(["sesion", "list"], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'sesion'");
    expect(run.stderr).toContain("session");
  });
  test("a missing required option names it", () => {
    const run = runCli(["session", "grant", "--scope", "x.json"], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--strategy");
  });
  test("an invalid choice names the allowed values", () => {
    const run = runCli(["kill", "arm", "--scope", "planet", "--actor", "a", "--reason", "r"], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/global, cluster, strategy, family/);
  });
  test("a config value out of range names the field (text and --json)", () => {
    const config = join(cwd, "bad.json");
    writeFileSync(config, JSON.stringify({ server: { port: 70000 } }));
    const run = runCli(["status", "--config", config], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("server.port");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const json = runCli(["status", "--json", "--config", config], { cwd });
    expect(json.status).toBe(2);
    expect(json.json()).toMatchObject({ error: "WARDEN_ERR_CONFIG", fix: expect.stringContaining("server.port") });
  });
  test("a config that is not JSON says so; // comments are accepted", () => {
    const config = join(cwd, "broken.json");
    writeFileSync(config, "{ nope");
    const run = runCli(["status", "--config", config], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is not valid JSON");
    writeFileSync(config, '// a comment\n{ "server": { "port": 1 } // "https://x" stays a string below\n, "market_data": { "source": { "kind": "http", "clobBaseUrl": "https://clob.polymarket.com" } } }');
    const ok = runCli(["status", "--config", config, "--json"], { cwd });
    // Valid config; nothing listens on port 1: refused (1), not a config error.
    expect(ok.status).toBe(1);
    expect(ok.json()).toMatchObject({ error: "warden_unreachable" });
  });
  test("WARDEN_PORT must be a port", () => {
    const run = runCli(["status"], { cwd, env: { WARDEN_PORT: "eighty" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("WARDEN_PORT");
  });
  test("override --value must be JSON", () => {
    const run = runCli(["override", "--target", "t", "--value", "{nope", "--requestor", "r", "--justification", "j", "--json"], { cwd });
    expect(run.status).toBe(2);
    expect(run.json()).toMatchObject({ error: "value_invalid" });
  });
});

// Regressions from a review of the CLI (stop 27): each of these exited 1 with "unexpected", or
// printed nothing on stdout under --json.
describe("regression: usage errors under --json print {error, fix} on stdout, exit 2", () => {
  const cwd = tempDir();
  test.each([[["session", "show", "--json"], "missing required argument 'session_id'"], [["bogus", "--json"], "unknown command 'bogus'"], [["kill", "arm", "--scope", "planet", "--actor", "a", "--reason", "r", "--json"], "planet"]])(
    "%j",
    (args, said) => {
      const run = runCli(args, { cwd });
      expect(run.status).toBe(2);
      const body = run.json();
      expect(body).toMatchObject({ error: "usage", fix: expect.stringContaining(said) });
      expect(run.stdout.trim().split("\n")).toHaveLength(1);
    },
  );
  test("--help and --version under --json still exit 0 with their text", () => {
    expect(runCli(["--version", "--json"], { cwd }).status).toBe(0);
    expect(runCli(["session", "--help", "--json"], { cwd }).stdout).toMatch(/^Usage: warden session/);
  });
});

describe("regression: a malformed --url or WARDEN_URL is a usage error (2), not an unreachable Warden (1)", () => {
  const cwd = tempDir();
  test.each([["notaurl"], ["ftp://127.0.0.1:8787"], ["http://127.0.0.1:8787/?x=1"], [""]])("--url %j", (url) => {
    const run = runCli(["--url", url, "status", "--json"], { cwd });
    expect(run.status).toBe(2);
    expect(run.json()).toMatchObject({ error: "url_invalid", fix: expect.stringContaining("--url") });
  });
  test("WARDEN_URL is named as the source", () => {
    const run = runCli(["status", "--json"], { cwd, env: { WARDEN_URL: "127.0.0.1:8787" } });
    expect(run.status).toBe(2);
    expect(run.json()).toMatchObject({ error: "url_invalid", fix: expect.stringContaining("WARDEN_URL") });
  });
  test("a well-formed URL where nothing listens is still refused (1), with a path prefix allowed", () => {
    const run = runCli(["--url", "http://127.0.0.1:1/warden/", "status", "--json"], { cwd });
    expect(run.status).toBe(1);
    expect(run.json()).toMatchObject({ error: "warden_unreachable" });
  });
});

describe("regression: files the CLI cannot read or write are configuration errors (2) naming the path", () => {
  const cwd = tempDir();
  const env = { WARDEN_KEYSTORE_PASSPHRASE: "pass-pass-pass-1" };
  test("init --import of a missing file or a directory names --import", () => {
    for (const path of [join(cwd, "nonexistent.json"), cwd]) {
      const run = runCli(["init", "--import", path, "--json", "--config", join(cwd, "w.json")], { cwd, env });
      expect(run.status, run.stdout + run.stderr).toBe(2);
      expect(run.json()).toMatchObject({ error: "WARDEN_ERR_CONFIG", fix: expect.stringContaining(`--import ${path}`) });
      expect(existsSync(join(cwd, "w.json"))).toBe(false);
    }
  });
  test("init --keystore under a file: file_error naming the path, no stack trace", () => {
    writeFileSync(join(cwd, "plain"), "x");
    const keystore = join(cwd, "plain", "wallet.json");
    const run = runCli(["init", "--keystore", keystore, "--json", "--config", join(cwd, "w2.json")], { cwd, env });
    expect(run.status).toBe(2);
    expect(run.json()).toMatchObject({ error: "file_error", path: expect.stringContaining(join(cwd, "plain")), fix: expect.stringContaining("not a directory") });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const text = runCli(["init", "--keystore", keystore, "--config", join(cwd, "w2.json")], { cwd, env });
    expect(text.status).toBe(2);
    expect(text.stderr).toContain("file_error");
  });
  test("wallet.keystore_path naming a directory: session grant stops before asking Warden anything", () => {
    mkdirSync(join(cwd, "keys"));
    writeFileSync(join(cwd, "scope.json"), "{}");
    writeFileSync(join(cwd, "alt.json"), JSON.stringify({ wallet: { mode: "eoa", keystore_path: join(cwd, "keys") } }));
    const run = runCli(["--config", join(cwd, "alt.json"), "--url", "http://127.0.0.1:1", "session", "grant", "--strategy", "s", "--scope", "scope.json", "--json"], { cwd, env });
    expect(run.status, run.stdout + run.stderr).toBe(2);
    expect(run.json()).toMatchObject({ error: "WARDEN_ERR_CONFIG", fix: expect.stringMatching(/keys \(wallet\.keystore_path\) cannot be read \(EISDIR\)/) });
  });
});
