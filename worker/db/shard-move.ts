import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ApiError } from "../api/errors.ts";
import type { Env } from "../env.ts";
import * as schema from "./schema/index.ts";
import { isShard, shardDatabase } from "./shards.ts";

/**
 * Moving a tenant to another data shard (docs/decisions/0061-sharding.md): mark it moving (its
 * writes are refused from then on, its reads go on from the old shard), copy its rows table by
 * table, verify each table's row count and checksum, switch the map. The old copy stays until the
 * move is confirmed.
 */

/** Rows of these tables live on the control plane, not on a shard. */
const CONTROL_PLANE = new Set(["tenants", "tenant_domains"]);

interface DataTable {
  name: string;
  columns: string[];
  /** Primary key columns: the order the checksum reads rows in. */
  key: string[];
}

/** The tenant-owned tables of the schema, every table after the ones its foreign keys point at. */
export const DATA_TABLES: readonly DataTable[] = (() => {
  const configs = Object.values(schema as Record<string, unknown>)
    .filter((v): v is SQLiteTable => is(v, SQLiteTable))
    .map((t) => getTableConfig(t))
    .filter((t) => !CONTROL_PLANE.has(t.name));
  const parents = new Map(configs.map((t) => [t.name, new Set(t.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name))]));
  const ordered: DataTable[] = [];
  const placed = new Set<string>(CONTROL_PLANE);
  while (ordered.length < configs.length) {
    const ready = configs.filter((t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => p === t.name || placed.has(p)));
    if (ready.length === 0) throw new Error("The schema's foreign keys form a cycle: no order to copy tables in");
    for (const t of ready) {
      placed.add(t.name);
      const composite = t.primaryKeys[0]?.columns.map((c) => c.name);
      ordered.push({ name: t.name, columns: t.columns.map((c) => c.name), key: composite ?? t.columns.filter((c) => c.primary).map((c) => c.name) });
    }
  }
  return ordered;
})();

type Row = Record<string, unknown>;
const quote = (name: string) => `"${name}"`;
/** Rows read per page, and D1's bound-parameter cap per statement. */
const PAGE = 500;
const MAX_PARAMS = 100;

export interface TableReport {
  table: string;
  rows: number;
  checksum: string;
}

export interface MoveReport {
  tenant_id: string;
  from: number;
  to: number;
  tables: TableReport[];
  duration_ms: number;
}

const tenantRow = (control: D1Database, tenantId: string) =>
  control
    .prepare("select * from tenants where id = ?")
    .bind(tenantId)
    .first<Row & { shard: number; shard_moving_to: number | null; shard_previous: number | null }>();

/** Copies one table's rows of the tenant, page by page in rowid order (parents before children within a table). */
async function copyTable(from: D1Database, to: D1Database, table: DataTable, tenantId: string) {
  const cols = table.columns.map(quote).join(", ");
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / table.columns.length));
  for (let after = Number.MIN_SAFE_INTEGER; ; ) {
    const { results } = await from
      .prepare(`select rowid as __rowid, ${cols} from ${quote(table.name)} where tenant_id = ? and rowid > ? order by rowid limit ${PAGE}`)
      .bind(tenantId, after)
      .all<Row & { __rowid: number }>();
    if (results.length === 0) return;
    const inserts: D1PreparedStatement[] = [];
    for (let i = 0; i < results.length; i += perInsert) {
      const chunk = results.slice(i, i + perInsert);
      const values = chunk.map(() => `(${table.columns.map(() => "?").join(", ")})`).join(", ");
      inserts.push(
        to.prepare(`insert into ${quote(table.name)} (${cols}) values ${values}`).bind(...chunk.flatMap((r) => table.columns.map((c) => r[c] ?? null))),
      );
    }
    await to.batch(inserts);
    after = results[results.length - 1].__rowid;
  }
}

/** The tenant's row count and a SHA-256 over its rows in primary-key order, as one shard holds them. */
async function summarise(db: D1Database, table: DataTable, tenantId: string): Promise<TableReport> {
  const cols = table.columns.map(quote).join(", ");
  const order = table.key.map(quote).join(", ");
  const lines: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const results = await db
      .prepare(`select ${cols} from ${quote(table.name)} where tenant_id = ? order by ${order} limit ${PAGE} offset ${offset}`)
      .bind(tenantId)
      .raw();
    for (const r of results) lines.push(JSON.stringify(r));
    if (results.length < PAGE) break;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(lines.join("\n"))));
  return { table: table.name, rows: lines.length, checksum: [...digest].map((b) => b.toString(16).padStart(2, "0")).join("") };
}

/**
 * Deletes the tenant's rows from a shard that is not (or no longer) its home: children first. The
 * shard's copy of the tenant row goes only where it names that shard, so the control plane's row
 * is never touched, even where one database plays both parts (as in the tests).
 */
async function dropCopy(db: D1Database, tenantId: string, shard: number) {
  await db.batch([
    ...[...DATA_TABLES].reverse().map((t) => db.prepare(`delete from ${quote(t.name)} where tenant_id = ?`).bind(tenantId)),
    db.prepare("delete from tenants where id = ? and shard = ?").bind(tenantId, shard),
  ]);
}

/**
 * Moves the tenant's rows to shard `to` and switches the map; the old copy stays until
 * confirmMove. Writes are refused from the start (503, retried by clients) and `settleMs` lets
 * writes that passed that check before it finish first. Any failure or mismatch undoes the move.
 */
export async function moveTenant(env: Env, tenantId: string, to: number, { settleMs = 2000 } = {}): Promise<MoveReport> {
  const started = Date.now();
  if (!isShard(to)) throw new ApiError("VALIDATION_ERROR", "No such shard", [{ field: "shard", message: "is not a bound data shard", value: to }]);
  const tenant = await tenantRow(env.DB, tenantId);
  if (!tenant) throw new ApiError("NOT_FOUND", "Tenant not found");
  const from = tenant.shard;
  if (from === to) throw new ApiError("CONFLICT", `The tenant is on shard ${to} already`, [{ field: "shard", message: "is the tenant's shard", value: to }]);
  if (tenant.shard_previous !== null)
    throw new ApiError("CONFLICT", `Confirm the tenant's last move first: its old copy is still on shard ${tenant.shard_previous}`);
  const { meta } = await env.DB.prepare("update tenants set shard_moving_to = ? where id = ? and shard_moving_to is null").bind(to, tenantId).run();
  if (meta.changes === 0) throw new ApiError("CONFLICT", "The tenant is being moved already");
  const source = shardDatabase(env, from);
  const target = shardDatabase(env, to);
  try {
    if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
    await dropCopy(target, tenantId, to); // what an earlier, failed attempt left
    // The copy's tenant row anchors the foreign keys there and names the shard it is on.
    await target
      .prepare(
        "insert into tenants (id, slug, name, currency, branding, settings, shard, created_at) select ?, ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from tenants where id = ?)",
      )
      .bind(tenant.id, tenant.slug, tenant.name, tenant.currency, tenant.branding, tenant.settings, to, tenant.created_at, tenant.id)
      .run();
    const tables: TableReport[] = [];
    for (const table of DATA_TABLES) {
      await copyTable(source, target, table, tenantId);
      const [before, after] = await Promise.all([summarise(source, table, tenantId), summarise(target, table, tenantId)]);
      if (before.rows !== after.rows || before.checksum !== after.checksum)
        throw new Error(`${table.name}: ${before.rows} rows on shard ${from}, ${after.rows} copied to shard ${to} (checksums differ)`);
      tables.push(before);
    }
    await env.DB.prepare("update tenants set shard = ?, shard_previous = ?, shard_moving_to = null where id = ?").bind(to, from, tenantId).run();
    return { tenant_id: tenantId, from, to, tables, duration_ms: Date.now() - started };
  } catch (e) {
    await dropCopy(target, tenantId, to).catch(() => undefined);
    await env.DB.prepare("update tenants set shard_moving_to = null where id = ?").bind(tenantId).run();
    throw e instanceof ApiError ? e : new ApiError("INTERNAL_SERVER_ERROR", `The move was undone: ${(e as Error).message}`);
  }
}

/** Deletes the copy a finished move left on the old shard. */
export async function confirmMove(env: Env, tenantId: string): Promise<{ tenant_id: string; dropped_from: number }> {
  const tenant = await tenantRow(env.DB, tenantId);
  if (!tenant) throw new ApiError("NOT_FOUND", "Tenant not found");
  const previous = tenant.shard_previous;
  if (previous === null) throw new ApiError("CONFLICT", "The tenant has no old copy to delete: no move is waiting for confirmation");
  await dropCopy(shardDatabase(env, previous), tenantId, previous);
  await env.DB.prepare("update tenants set shard_previous = null where id = ?").bind(tenantId).run();
  return { tenant_id: tenantId, dropped_from: previous };
}
