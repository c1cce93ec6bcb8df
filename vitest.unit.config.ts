import { defineConfig } from "vitest/config";

// Unit tests of the pure engine/ (and other pure modules) in Node.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
