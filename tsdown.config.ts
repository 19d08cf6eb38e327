import { defineConfig } from "tsdown";

// The package's build: ESM with .d.ts, the library (src/index.ts) and the `warden` command.
export default defineConfig({
  entry: { index: "src/index.ts", warden: "src/cli/warden.ts" },
  format: "esm",
  platform: "node",
  target: "node24",
  dts: true,
  outDir: "dist",
  clean: true,
  sourcemap: false,
  // The Redis store reads its Lua scripts beside the module (new URL("./lua/…", import.meta.url)).
  copy: [{ from: "src/store/redis/lua", to: "dist" }],
});
