import { spawn, execFileSync } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hostRequest } from "./host-request.mjs";
import { ensureDevVars, ensurePlatformToken } from "./dev-vars.mjs";

const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "" };

/** The control plane and the data shards (wrangler.toml): each gets every migration (docs/decisions/0061-sharding.md). */
const DATABASES = ["DB", "DB_SHARD_0", "DB_SHARD_1", "DB_SHARD_2", "DB_SHARD_3"];

/** Applies D1 migrations to the local databases (in `persistTo` when given). */
export function migrateLocal(persistTo) {
  for (const binding of DATABASES) {
    execFileSync("npx", ["wrangler", "d1", "migrations", "apply", binding, "--local", ...(persistTo ? ["--persist-to", persistTo] : [])], {
      stdio: ["ignore", "inherit", "inherit"],
      env: wranglerEnv,
    });
  }
}

/**
 * Migrates a fresh local state in one wrangler call instead of one per database: the control plane
 * is migrated, then its file becomes each shard's (every database gets every migration, so they are
 * the same file while empty). For benches that make a new state per run (bench:scale), where a
 * `wrangler d1 migrations apply` costs from seconds to minutes of a loaded machine.
 */
export function migrateFreshLocal(persistTo) {
  execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    stdio: ["ignore", "ignore", "inherit"],
    env: wranglerEnv,
  });
  const control = localD1Path("DB", persistTo);
  for (const binding of DATABASES.slice(1)) {
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(control + suffix)) copyFileSync(control + suffix, localD1Path(binding, persistTo) + suffix);
  }
}

/** Rows of a SQL query (one result set per statement) on a local database, by its binding. */
export function localD1Query(binding, sql, persistTo) {
  const out = execFileSync(
    "npx",
    ["wrangler", "d1", "execute", binding, "--local", ...(persistTo ? ["--persist-to", persistTo] : []), "--json", "--command", sql],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: wranglerEnv, maxBuffer: 1 << 30 },
  );
  return JSON.parse(out).map((r) => r.results);
}

/**
 * The SQLite file behind a local D1 database (by its binding in wrangler.toml), for seeding and
 * checking large amounts of data without a wrangler process per query. Miniflare names the file
 * by the Durable Object id it derives from the database id.
 */
export function localD1Path(binding, persistTo = ".wrangler/state") {
  const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
  const found = new RegExp(`binding = "${binding}"\\s*\\n[^\\[]*?database_id = "([^"]+)"`).exec(toml);
  if (!found) throw new Error(`No D1 binding ${binding} in wrangler.toml`);
  const key = createHash("sha256").update("miniflare-D1DatabaseObject").digest();
  const name = createHmac("sha256", key).update(found[1]).digest().subarray(0, 16);
  const id = Buffer.concat([name, createHmac("sha256", key).update(name).digest().subarray(0, 16)]).toString("hex");
  return join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject", `${id}.sqlite`);
}

/** The local data shard holding a shop's rows (its binding), from the control plane's shard map (docs/decisions/0061-sharding.md). */
export function shardBindingOf(tenant, persistTo) {
  const [[row]] = localD1Query("DB", `select shard from tenants where id = '${tenant}' or slug = '${tenant}'`, persistTo);
  if (!row) throw new Error(`No shop ${tenant} in the shard map`);
  return `DB_SHARD_${row.shard}`;
}

/**
 * Starts `wrangler dev` on 127.0.0.1:port with local D1, R2, Durable Objects
 * and Queues, and resolves once /api/v1/health answers. Writes `.dev.vars`
 * (the secrets key) first when it is missing. `onLine` gets each line the
 * Worker prints (its structured logs) instead of the terminal. `migrate: false` skips the
 * migrations (state copied from a migrated one).
 */
export async function startDevServer({ port, persistTo, quiet = false, timeoutMs = 90_000, onLine, migrate = true }) {
  if (ensureDevVars() && !quiet) console.log("Wrote .dev.vars with a fresh SECRETS_KEY for local development.");
  ensurePlatformToken();
  if (migrate) migrateLocal(persistTo);
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false", ...(persistTo ? ["--persist-to", persistTo] : [])],
    { stdio: ["ignore", onLine ? "pipe" : quiet ? "ignore" : "inherit", quiet ? "pipe" : "inherit"], env: wranglerEnv, detached: true },
  );
  if (onLine) {
    let pending = "";
    child.stdout.on("data", (d) => {
      const lines = (pending + d).split("\n");
      pending = lines.pop();
      for (const line of lines) onLine(line);
    });
  }
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${stderr}`);
    try {
      const res = await hostRequest(port, "localhost", "GET", "/api/v1/health");
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not become healthy on port ${port}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, child, stop, exited };
}
