import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/start-moto.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: engine and moto tests spawn processes; keep the pool small so timings stay sane.
    maxWorkers: 2,
  },
});
