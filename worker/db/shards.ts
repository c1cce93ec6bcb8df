import { type Column, count, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../api/errors.ts";
import type { Env } from "../env.ts";
import { type Db, openDb } from "./client.ts";
import { tenants } from "./schema/index.ts";
import { says, type Scope } from "./scope.ts";
import { FENCE_MARK } from "./write-fence.ts";

/**
 * Where a tenant's data lives (docs/decisions/0061-sharding.md). The control plane (`DB`) holds the
 * tenants, their hostnames and the shard map (`tenants.shard`); every other table's rows live on the
 * tenant's data shard. This module is the only place that maps a tenant to a database.
 */

/** The data shards bound in wrangler.toml, by number. Fixed: bindings are static per Worker. */
export const SHARD_COUNT = 4;

type ShardMap = Pick<typeof tenants.$inferSelect, "id" | "shard" | "shard_moving_to">;

export const isShard = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) < SHARD_COUNT;

export function shardDatabase(env: Env, shard: number): D1Database {
  const d1 = [env.DB_SHARD_0, env.DB_SHARD_1, env.DB_SHARD_2, env.DB_SHARD_3][shard];
  if (!d1) throw new Error(`No data shard ${shard} is bound (DB_SHARD_${shard})`);
  return d1;
}

/** A tenant's scope on its shard, with the control plane for its own control-plane rows. */
export const tenantScope = (env: Env, tenant: Pick<ShardMap, "id" | "shard">, control: Db, bookmark?: string | null): Scope => ({
  db: openDb(shardDatabase(env, tenant.shard), bookmark),
  control,
  tenantId: tenant.id,
});

/**
 * The scope of a tenant named by id, for work that starts without a request (queue consumers,
 * Durable Objects, sweeps): one lookup in the shard map. While the tenant is being moved its writes
 * would land on the copy being left behind, so background work waits (the caller's retry).
 */
export async function scopeForTenant(env: Env, tenantId: string): Promise<Scope | undefined> {
  const control = openDb(env.DB);
  const tenant = await control.query.tenants.findFirst({ columns: { id: true, shard: true, shard_moving_to: true }, where: eq(tenants.id, tenantId) });
  if (!tenant) return undefined;
  if (tenant.shard_moving_to !== null) throw movingError();
  return tenantScope(env, tenant, control);
}

/** As scopeForTenant, for work whose tenant must exist (its message or object was made for it). */
export async function requireScopeForTenant(env: Env, tenantId: string): Promise<Scope> {
  const scope = await scopeForTenant(env, tenantId);
  if (!scope) throw new Error(`Tenant ${tenantId} is not in the shard map`);
  return scope;
}

const MOVING_MESSAGE = "This shop is moving to a new home for a moment; please try again in a few seconds.";

export const movingError = () => new ApiError("SERVICE_UNAVAILABLE", MOVING_MESSAGE, [], { "Retry-After": "5" });

/**
 * The move's refusal in the forms it reaches a caller other than as the ApiError: from a Durable
 * Object (RPC keeps an error's message, not its class), or from the old shard's write fence (D1's error
 * with FENCE_MARK, met by a write that passed the moving check just before the move began). Each is
 * answered as the 503 it is.
 */
export const isMovingError = (err: unknown) => err instanceof Error && !(err instanceof ApiError) && (err.message === MOVING_MESSAGE || says(err, FENCE_MARK));

/**
 * For a sweep over a whole shard: the rows of `table` whose shop is at home on this database — not the
 * copy a move is reading, nor one it left behind (their tenant row here is flagged, decision 76), whose
 * writes the fence refuses and whose work belongs to the shop's other copy.
 */
export const atHome = (table: { tenant_id: Column }) =>
  sql`NOT EXISTS (SELECT 1 FROM ${tenants} WHERE ${tenants.id} = ${table.tenant_id} AND ${tenants.shard_moving_to} IS NOT NULL)`;

/** Every data shard, for platform-wide sweeps. */
export const eachShard = (env: Env): Db[] => Array.from({ length: SHARD_COUNT }, (_, n) => openDb(shardDatabase(env, n)));

/** Shards open to new shops: SHARDS_OPEN ("0,2") closes the others; default all. */
export function openShards(env: Env): number[] {
  if (!env.SHARDS_OPEN?.trim()) return Array.from({ length: SHARD_COUNT }, (_, n) => n);
  const open = env.SHARDS_OPEN.split(",").map((s) => Number(s.trim()));
  if (open.length === 0 || !open.every(isShard)) throw new Error(`SHARDS_OPEN must list shard numbers below ${SHARD_COUNT}`);
  return open;
}

/**
 * Placement of a new shop: the open shard with the fewest tenants (ties: the lowest number). Counted
 * on the control plane: one query, no call to the shards.
 */
export async function placeNewTenant(env: Env, control: Db): Promise<number> {
  const open = openShards(env);
  const rows = await control.select({ shard: tenants.shard, n: count() }).from(tenants).where(inArray(tenants.shard, open)).groupBy(tenants.shard);
  const load = new Map(rows.map((r) => [r.shard, r.n]));
  return open.reduce((best, n) => ((load.get(n) ?? 0) < (load.get(best) ?? 0) ? n : best));
}

/** The name a database's D1 bookmark is carried under (worker/middleware/bookmark-cookie.ts): `c` for the control plane, `s{n}` for shard n. */
export const bookmarkLabel = (shard: number | null) => (shard === null ? "c" : `s${shard}`);
