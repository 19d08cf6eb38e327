import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { tempDir } from "../helpers/testWarden";
import { cliRepo, freePort, runCli, startWarden, type StartedWarden } from "./helpers/cliProcess";

let warden: StartedWarden | undefined;
afterAll(async () => warden?.stop());

/** A fresh checkout in a temp dir: the project's files, the shared node_modules (never installed into). */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "warden-first-run-"));
  copyFileSync(join(cliRepo, "package.json"), join(dir, "package.json"));
  for (const entry of ["node_modules", "src", "examples", "fixtures", "tsconfig.json"]) symlinkSync(join(cliRepo, entry), join(dir, entry));
  return dir;
}

test("the README's first-run block, copied as is, gets a signature and a denial with its reason code from a freshly started Warden", async () => {
  const readme = readFileSync(join(cliRepo, "README.md"), "utf8");
  const block = readme.match(/<!-- first-run:start -->\s*```sh\n([\s\S]*?)```\s*<!-- first-run:end -->/)?.[1];
  expect(block).toBeTruthy();
  const dir = freshCheckout();
  try {
    const env = { WARDEN_PORT: String(await freePort()) };
    // `npm install && npm start`: the install is the shared one; start is run as the README says.
    warden = await startWarden({ cwd: dir, env, command: ["npm", "start", "--silent"] });
    expect(warden.output()).toContain("DEVELOPMENT");
    const run = spawnSync("bash", ["-e", "-c", block as string], { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const credential = run.stdout.match(/^credential\s+(wdn_[A-Za-z0-9_-]{20,})$/m)?.[1];
    expect(credential).toBeTruthy();
    // Printed once, and saved for the strategy; never in Warden's own output.
    expect(run.stdout.split(credential as string).length - 1).toBe(1);
    expect(readFileSync(join(dir, ".warden/demo.credential"), "utf8").trim()).toBe(credential);
    expect(warden.output()).not.toContain(credential as string);
    expect(run.stdout).toMatch(/^signed order 0x[0-9a-f]{10}… maker 0x[0-9a-fA-F]{40}$/m);
    // 1,000 shares at 0.42 is over the scope's max_per_call_size_usd (100): the README shows this line.
    expect(run.stdout).toContain("denied WALLET_PERMISSION_DENIED - This action is not permitted in your current session.");
    // The development passphrase and operator token never reach any output.
    for (const secret of [readFileSync(join(dir, ".warden/wallet.json.dev-passphrase"), "utf8").trim(), readFileSync(join(dir, ".warden/operator.token"), "utf8").trim()]) {
      expect(run.stdout + run.stderr + warden.output()).not.toContain(secret);
    }
  } finally {
    await warden?.stop();
    warden = undefined;
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test("a wallet of your own never gets the development defaults: no config written, no development capital base", async () => {
  const cwd = tempDir();
  const env = { WARDEN_KEYSTORE_PASSPHRASE: "my own wallet's passphrase", WARDEN_PORT: String(await freePort()) };
  expect(runCli(["keystore-create"], { cwd, env }).status).toBe(0);
  const started = await startWarden({ cwd, env });
  try {
    expect(existsSync(join(cwd, "warden.config.json"))).toBe(false);
    expect(existsSync(join(cwd, ".warden/operator.token"))).toBe(false);
    expect(started.output()).not.toContain("DEVELOPMENT");
    expect(started.output()).toMatch(/"development":false/);
  } finally {
    await started.stop();
  }
}, 120_000);
