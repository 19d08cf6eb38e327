import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createEmbeddedStore } from "../../src/store/createEmbeddedStore";
import { tempDir } from "../helpers/testWarden";

const CHILD = join(process.cwd(), "test", "fixtures", "crashChild.ts");

/** Runs the child until it has printed `lines` signatures, then SIGKILLs it mid-load. */
function runAndKill(dbPath: string, saltBase: number, lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` (not the tsx CLI, which forks): SIGKILL must hit the process holding the store.
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dbPath, String(saltBase)], { stdio: ["ignore", "pipe", "pipe"] });
    const got: string[] = [];
    let buf = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => {
      buf += d;
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const p of parts) if (p !== "ready") got.push(p);
      if (got.length >= lines && !child.killed) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => {
      if (signal === "SIGKILL") resolve(got);
      else reject(new Error(`child exited without being killed: ${stderr}`));
    });
  });
}

describe("embedded store durability", () => {
  test("SIGKILL mid-load, twice: every returned signature is audited, budgets are not reset, the chain verifies", async () => {
    const dbPath = join(tempDir(), "crash.db");
    const first = await runAndKill(dbPath, 1, 400);
    const second = await runAndKill(dbPath, 1_000_000, 400);
    const returned = [...first, ...second].map((l) => l.split(" ")[1]);

    const store = await createEmbeddedStore({ path: dbPath, synchronous: "FULL" });
    const records = store.readAudit(1, 10_000_000);
    const approvals = records.map((r) => JSON.parse(r.payload_json)).filter((p) => p.decision === "APPROVE");
    const audited = new Set(approvals.map((p) => p.signature));
    expect(returned.length).toBeGreaterThanOrEqual(800);
    expect(returned.filter((s) => !audited.has(s))).toEqual([]);
    const [session] = store.listSessions();
    // Spent budget survived both kills: it counts every audited approval, at least every returned one.
    expect(session?.calls_used).toBe(approvals.length);
    expect(session?.calls_used).toBeGreaterThanOrEqual(returned.length);
    expect(store.verifyAudit()).toMatchObject({ ok: true, records: records.length });
    await store.close();
  }, 120_000);
});
