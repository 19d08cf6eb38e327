import { spawn } from "node:child_process";

/**
 * Runs a test child (a TypeScript file) until it has printed `lines` results after its `ready`
 * line, then SIGKILLs it mid-load; resolves with the lines it printed.
 */
export function runAndKill(child: string, args: string[], lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` (not the tsx CLI, which forks): SIGKILL must hit the process holding the store.
    const proc = spawn(process.execPath, ["--import", "tsx", child, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const got: string[] = [];
    let buf = "";
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    proc.stdout.on("data", (d) => {
      buf += d;
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const p of parts) if (p !== "ready") got.push(p);
      if (got.length >= lines && !proc.killed) proc.kill("SIGKILL");
    });
    proc.on("exit", (_code, signal) => {
      if (signal === "SIGKILL") resolve(got);
      else reject(new Error(`child exited without being killed: ${stderr}`));
    });
  });
}
