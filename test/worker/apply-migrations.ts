import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files run before each test file; applying is idempotent. The control plane and every data
// shard get every migration (docs/decisions/0061-sharding.md).
const migrations = (env as unknown as { TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] }).TEST_MIGRATIONS;
for (const db of [env.DB, env.DB_SHARD_0, env.DB_SHARD_1, env.DB_SHARD_2, env.DB_SHARD_3]) await applyD1Migrations(db, migrations);
