import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { randomBytes } from "node:crypto";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("./migrations");

// Integration tests inside workerd, against real local D1, R2, Durable Objects and Queues.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      // The secrets key is a secret, not in wrangler.toml: tests get a fresh one each run. The
      // partner host the tests stub is the one outbound host exempt from the SSRF checks.
      miniflare: {
        bindings: { TEST_MIGRATIONS: migrations, SECRETS_KEY: randomBytes(32).toString("base64"), WEBHOOK_ALLOW_HOSTS: "erp.partner.example.com" },
      },
    }),
  ],
  test: {
    include: ["test/worker/**/*.test.ts"],
    setupFiles: ["./test/worker/apply-migrations.ts", "./test/worker/tenant-scope-guard.ts"],
    testTimeout: 30_000,
    // Each request logs one JSON line; show them only for failing tests.
    silent: "passed-only",
  },
});
