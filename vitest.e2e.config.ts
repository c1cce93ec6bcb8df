import { defineConfig } from "vitest/config";

// End-to-end tests: the built app on `wrangler dev`, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Pages follow the server's queues and Durable Objects: give polled checks the time a loaded CI machine needs.
    expect: { poll: { timeout: 15_000 } },
    // One browser and one server: files run one after another.
    fileParallelism: false,
  },
});
