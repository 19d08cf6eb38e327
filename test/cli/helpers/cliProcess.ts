import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const repo = process.cwd();
/** The Node 24 that npm scripts run (vitest runs under it too). */
const node = process.execPath;
/** tsx by absolute URL: `--import tsx` would resolve from the (temporary) cwd. */
const tsx = pathToFileURL(join(repo, "node_modules/tsx/dist/loader.mjs")).href;

/** A free TCP port on loopback (the kernel picks it; released before return). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Environment of a CLI run: the caller's, minus Warden's own variables, plus `env`. */
function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("WARDEN_")));
  return { ...base, ...env };
}

/** Runs `warden <args>` from the repository's source (the `npm run warden` path) in `cwd`. */
export function runCli(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string | undefined> }) {
  const run = spawnSync(node, ["--import", tsx, join(repo, "src/cli/warden.ts"), ...args], { cwd, env: cliEnv(env), encoding: "utf8", timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json: () => JSON.parse(run.stdout) as Record<string, unknown> };
}

/** {@link runCli} without blocking this process (for a server the test itself serves, e.g. a JSON-RPC endpoint). */
export async function runCliAsync(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string | undefined> }) {
  const child = spawn(node, ["--import", tsx, join(repo, "src/cli/warden.ts"), ...args], { cwd, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { status, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

/** A `warden start` process, answered once it logs "warden listening". */
export type StartedWarden = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function startWarden({ cwd, env = {}, command = [node, "--import", tsx, join(repo, "src/cli/warden.ts"), "start"] }: { cwd: string; env?: Record<string, string | undefined>; command?: string[] }): Promise<StartedWarden> {
  const child = spawn(command[0]!, command.slice(1), { cwd, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`warden start did not listen within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes("warden listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`warden start exited ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        // The process group: `npm start` runs Warden as its child.
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}

export const cliRepo = repo;
