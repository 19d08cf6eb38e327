import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, expect, test } from "vitest";

// Node 24 (what vitest runs on) first on PATH, so `npx` and the bin's `#!/usr/bin/env node` use it.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
const dir = mkdtempSync(join(tmpdir(), "warden-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("npm pack → npm install <tarball> in a fresh project: npx warden --version and plain-node imports work", () => {
  const started = Date.now();
  // `npm pack` runs `prepare`, which builds dist/ (tsdown).
  execFileSync("npm", ["pack", "--pack-destination", dir, "--silent"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  expect(tarball).toBeTruthy();
  const listing = execFileSync("tar", ["tzf", join(dir, tarball!)], { encoding: "utf8" }).split("\n");
  expect(listing).toContain("package/dist/index.mjs");
  expect(listing).toContain("package/dist/index.d.mts");
  expect(listing).toContain("package/dist/warden.mjs");
  expect(listing).toContain("package/fixtures/markets.json");
  expect(listing.some((f) => f.startsWith("package/src/") || f.startsWith("package/test/"))).toBe(false);

  const project = join(dir, "consumer");
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", type: "module", private: true }));
  // The temporary project's own install (from the registry), never the shared tree.
  execFileSync("npm", ["install", join(dir, tarball!), "--no-audit", "--no-fund", "--loglevel", "error"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
  expect(readdirSync(join(project, "node_modules")).includes("tsx")).toBe(false);

  const version = spawnSync("npx", ["warden", "--version"], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
  expect(version.status, version.stderr).toBe(0);
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

  // The default fixture path resolves from the package, not from this project's cwd.
  writeFileSync(
    join(project, "use.mjs"),
    `import { createWarden, toSessionAccount, WalletKey } from "warden";
const warden = await createWarden({ wallet: WalletKey.fromBytes(crypto.getRandomValues(new Uint8Array(32))), config: { store: { path: "w.db" }, market_data: { track: { token_ids: ["104656997773343516662479546460498331313910828479746660942916932994008403069514"] } }, log: { level: "silent" } } });
const account = toSessionAccount({ warden, credential: "wdn_x", strategyId: "s" });
console.log(typeof toSessionAccount, account.address === warden.walletAddress);
await warden.close();
`,
  );
  const use = spawnSync(process.execPath, ["use.mjs"], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
  expect(use.stderr).toBe("");
  expect(use.status).toBe(0);
  expect(use.stdout.trim()).toBe("function true");
  console.log(`pack + install + run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 900_000);
