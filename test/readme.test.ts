import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

test("the README example runs as written and prints what the README says", () => {
  const readme = readFileSync(join(process.cwd(), "README.md"), "utf8");
  const block = readme.match(/<!-- readme-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- readme-example:end -->/)?.[1];
  expect(block).toBeTruthy();
  // Inside the project, so `import … from "warden"` resolves to this package (package.json exports).
  const file = join(process.cwd(), `.readme-example-${process.pid}.ts`);
  writeFileSync(file, block as string);
  try {
    const run = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", file], { encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^signed order 0x[0-9a-f]{10} maker 0x[0-9a-fA-F]{40}$/);
    expect(lines[1]).toBe("denied WALLET_PERMISSION_DENIED - This action is not permitted in your current session.");
    expect(lines[2]).toBe("after revoke SESSION_REVOKED");
    expect(lines.slice(3).join(" ").replace(/\s+/g, " ")).toMatch(/^audit chain \{ ok: true, records: 6, head: '[0-9a-f]{64}' \}$/);
  } finally {
    rmSync(file, { force: true });
  }
}, 120_000);
