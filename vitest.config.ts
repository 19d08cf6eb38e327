import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites start their own processes (redis-server, Warden children, Hardhat's EVM): keep the
    // two cores of a CI machine from thrashing.
    maxWorkers: 2,
    retry: 0,
  },
});
