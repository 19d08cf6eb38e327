// The layering rules in .dependency-cruiser.cjs must keep working: if a path pattern stops matching,
// a resolve option breaks, or type-only imports stop being seen, `npm run lint:deps` would pass on
// anything. So the committed rule set is run here over trees whose outcome is known: the committed
// fixture trees under fixtures/ (one forbidden import, a clean tree, a cycle, a type-only forbidden
// import) and a generated tree with one import for every (folder, folder) pair, checked against the
// layer table written out again below from the architecture brief.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../..");
const configFile = join(repoRoot, ".dependency-cruiser.cjs");
const fixtures = join(here, "fixtures");

let options: ICruiseOptions;
let tsConfig: unknown;

beforeAll(async () => {
  options = await extractDepcruiseOptions(configFile);
  // What the depcruise CLI does with the config's tsConfig option, done here for the API.
  const tsConfigFile = options.tsConfig?.fileName;
  if (!tsConfigFile) throw new Error(".dependency-cruiser.cjs names no tsConfig");
  tsConfig = extractTSConfig(tsConfigFile);
});

/** Cruises root/src with the committed rule set, module names relative to root (as lint:deps sees them). */
async function cruiseTree(root: string): Promise<ICruiseResult> {
  const { output } = await cruise(["src"], { ...options, baseDir: root }, undefined, { tsConfig });
  if (typeof output === "string") throw new Error("expected the json result of a cruise");
  return output;
}

const edge = (v: IViolation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

/** Every .ts file under root/src, as root-relative paths. */
function sourceFiles(root: string): string[] {
  return (readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join("src", f).split("\\").join("/"))
    .sort();
}

/** Guards against a cruise that "passes" because it saw nothing or resolved nothing. */
function expectWholeTreeCruised(root: string, result: ICruiseResult) {
  const cruised = result.modules.map((m) => m.source).filter((s) => s.startsWith("src/")).sort();
  expect(cruised).toEqual(sourceFiles(root));
  const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`));
  expect(unresolved).toEqual([]);
}

describe("the committed dependency rules (.dependency-cruiser.cjs)", () => {
  test("a tree with one forbidden import (core -> guards) yields exactly that violation", async () => {
    const root = join(fixtures, "violating");
    const result = await cruiseTree(root);
    expectWholeTreeCruised(root, result);
    expect(result.summary.violations.map(edge)).toEqual(["layer-core: src/core/x.ts -> src/guards/y.ts"]);
    expect(result.summary.error).toBe(1);
  });

  test("a type-only forbidden import (errors -> warden) is caught too", async () => {
    const root = join(fixtures, "typeOnly");
    const result = await cruiseTree(root);
    expectWholeTreeCruised(root, result);
    expect(result.summary.violations.map(edge)).toEqual(["layer-errors: src/errors/WardenError.ts -> src/warden/createWarden.ts"]);
  });

  test("a clean tree that uses the allowed imports of every layer has no violations", async () => {
    const root = join(fixtures, "clean");
    const result = await cruiseTree(root);
    expectWholeTreeCruised(root, result);
    expect(result.summary.violations.map(edge)).toEqual([]);
    // It does exercise imports between the layers (not just files that import nothing).
    const crossLayer = result.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.resolved.startsWith("src/") && d.resolved.split("/")[1] !== m.source.split("/")[1]),
    );
    expect(crossLayer.length).toBeGreaterThanOrEqual(30);
  });

  test("a cycle (one edge of it type-only) fires no-circular and nothing else", async () => {
    const root = join(fixtures, "cycle");
    const result = await cruiseTree(root);
    expectWholeTreeCruised(root, result);
    const violations = result.summary.violations;
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set(["no-circular"]));
    const inCycle = new Set(violations.flatMap((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)]));
    expect(inCycle).toEqual(new Set(["src/guards/a.ts", "src/guards/b.ts"]));
  });

  test("the depcruise command that lint:deps runs exits non-zero on a violation and zero on a clean tree", () => {
    const bin = join(repoRoot, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
    const run = (tree: string) => {
      try {
        const stdout = execFileSync(process.execPath, [bin, "src", "--config", configFile], { cwd: join(fixtures, tree), encoding: "utf8" });
        return { status: 0, stdout };
      } catch (e) {
        const { status, stdout } = e as { status: number; stdout: string };
        return { status, stdout };
      }
    };
    const violating = run("violating");
    expect(violating.status).not.toBe(0);
    expect(violating.stdout).toContain("layer-core: src/core/x.ts → src/guards/y.ts");
    expect(run("clean").status).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Every (folder -> folder) import, against the layer table of the architecture brief.

const below = {
  core: [],
  errors: ["core"],
  log: ["core", "errors"],
  market: ["core", "errors", "log"],
  guards: ["core", "errors", "log", "market"],
  signer: ["core", "errors", "log"],
  store: ["core", "errors", "log"],
  chain: ["core", "errors", "log", "signer"],
  config: ["core", "errors", "log", "market", "guards", "signer", "store", "chain"],
  warden: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config"],
  jobs: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config", "warden"],
  server: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config", "warden", "jobs"],
} as const satisfies Record<string, readonly string[]>;
type Layer = keyof typeof below;
const layers = Object.keys(below) as Layer[];
/** Import targets: every layer folder, cli/, the package entry, and a folder the layout doesn't list. */
const targets = [...layers, "cli", "index", "unlisted"] as const;
type Target = (typeof targets)[number];
const importers = [...layers, "cli"] as const;

function allowed(from: (typeof importers)[number], to: Target): boolean {
  if (from === "cli") return true; // cli may import anything
  return to === from || (below[from] as readonly string[]).includes(to);
}

describe("the committed dependency rules over every folder-to-folder import", () => {
  let root: string;
  /** rule: from -> to, for every import the brief forbids. */
  const expected: string[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "warden-depcruise-"));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    const leafOf = (t: Target) => (t === "index" ? "src/index.ts" : `src/${t}/leaf.ts`);
    for (const t of targets) if (t !== "index") write(leafOf(t), "export const leaf = 1;\nexport type Leaf = number;\n");
    // The package entry imports every folder (it may), so that an import of it leads on.
    write("src/index.ts", targets.filter((t) => t !== "index").map((t) => `export { leaf as ${t} } from "./${t}/leaf";\n`).join(""));
    let n = 0;
    for (const from of importers) {
      for (const to of targets) {
        // Rotate the import forms the project uses: extensionless, ".js", type-only, re-export, nested file.
        const style = n++ % 4;
        const file = style === 3 ? `src/${from}/nested/imports-${to}.ts` : `src/${from}/imports-${to}.ts`;
        const path = relative(dirname(file), leafOf(to).replace(/\.ts$/, style === 1 ? ".js" : "")).split("\\").join("/");
        const spec = path.startsWith(".") ? path : `./${path}`;
        const text = [
          `import { leaf } from "${spec}";\nexport const x = leaf;\n`,
          `import type { Leaf } from "${spec}";\nexport type X = Leaf;\n`,
          `export { leaf } from "${spec}";\n`,
          `import { leaf } from "${spec}";\nexport const x = leaf;\n`,
        ][style];
        write(file, text!);
        if (!allowed(from, to)) expected.push(`layer-${from}: ${file} -> ${leafOf(to)}`);
      }
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("flags exactly the imports the layer table forbids, with the importing layer's rule", async () => {
    const result = await cruiseTree(root);
    expectWholeTreeCruised(root, result);
    expect(result.summary.violations.map(edge).sort()).toEqual([...expected].sort());
    // Sanity: the table forbids a good share of the pairs, and type-only imports are among them.
    expect(expected.length).toBeGreaterThan(80);
    expect(result.summary.violations.some((v) => v.dependencyTypes?.includes("type-only"))).toBe(true);
  });
});
