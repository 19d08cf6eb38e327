import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderBenchTable } from "../bench/renderBenchTable";

test("the README's benchmark table is the rendering of the committed bench/results.json", () => {
  const results = JSON.parse(readFileSync(join(process.cwd(), "bench", "results.json"), "utf8"));
  const readme = readFileSync(join(process.cwd(), "README.md"), "utf8");
  const table = readme.match(/<!-- bench-table:start -->\n([\s\S]*?)\n<!-- bench-table:end -->/)?.[1];
  expect(table).toBe(renderBenchTable(results));
  expect(Object.keys(results.ratios)).toContain("guarded_inprocess_vs_raw_viem");
});
