import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | null | undefined;

/**
 * The directory of the installed `warden` package (where its package.json is), found by walking up
 * from this module — the same from `src/` in the repository and from `dist/` in node_modules.
 * Files shipped with the package (`fixtures/markets.json`) resolve from here, not from the cwd.
 *
 * @returns The directory, or null if this module runs outside its package.
 */
export function packageRoot(): string | null {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "warden") return (cached = dir);
      } catch {
        // Not ours: keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = null);
    dir = parent;
  }
}

/** The package's version (package.json), or "unknown" outside it. */
export function packageVersion(): string {
  const root = packageRoot();
  if (!root) return "unknown";
  return String((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version ?? "unknown");
}
