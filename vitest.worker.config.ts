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
      //
      // Shards (docs/decisions/0061-sharding.md): the control plane and the four data shards are five
      // separate databases and every shard is open, so new shops spread over them as in production.
      // Code (or a fixture) that reads a shop's rows from the control plane or another shard finds
      // nothing: fixtures reach a shop's rows through `tenantDb(t.id)` or `scopeFor(t.id)`.
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          SECRETS_KEY: randomBytes(32).toString("base64"),
          WEBHOOK_ALLOW_HOSTS: "erp.partner.example.com",
          PLATFORM_TOKEN: randomBytes(24).toString("hex"),
        },
        d1Databases: {
          DB: "test-control-plane",
          DB_SHARD_0: "test-shard-0",
          DB_SHARD_1: "test-shard-1",
          DB_SHARD_2: "test-shard-2",
          DB_SHARD_3: "test-shard-3",
        },
      },
    }),
  ],
  test: {
    include: ["test/worker/**/*.test.ts"],
    setupFiles: ["./test/worker/apply-migrations.ts", "./test/worker/tenant-scope-guard.ts", "./test/worker/settle-background.ts"],
    testTimeout: 30_000,
    // Each request logs one JSON line; show them only for failing tests.
    silent: "passed-only",
  },
});
