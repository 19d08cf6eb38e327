import { writeFileSync } from "node:fs";
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
