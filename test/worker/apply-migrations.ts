import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { SHARD_COUNT, shardDatabase } from "../../worker/db/shards.ts";
import type { Env } from "../../worker/env.ts";

// Setup files run before each test file; applying is idempotent. The control plane and every data
// shard get every migration (docs/decisions/0061-sharding.md).
const migrations = (env as unknown as { TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] }).TEST_MIGRATIONS;
const shards = Array.from({ length: SHARD_COUNT }, (_, n) => shardDatabase(env as unknown as Env, n));
for (const db of [env.DB, ...shards]) await applyD1Migrations(db, migrations);
