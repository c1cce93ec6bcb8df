import { is } from "drizzle-orm";
import { getTableConfig, SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ApiError } from "../api/errors.ts";
import type { Env } from "../env.ts";
import * as schema from "./schema/index.ts";
import { says } from "./scope.ts";
import { isShard, shardDatabase } from "./shards.ts";
import { LEFT_BEHIND } from "./write-fence.ts";

/**
 * Moving a tenant to another data shard (docs/decisions/0061-sharding.md), in steps that each stay
 * within a budget of D1 queries (docs/decisions/0074-resumable-shard-moves.md): mark it moving on the
 * control plane and on the old shard (its writes are refused from then on, by the API and by the old
 * shard's write fence, decision 76; its reads go on from the old shard), clear what an earlier attempt
 * left on the target, copy its rows table by table in pages of an index (DataTable.order), verify each table's row count and
 * checksum on both shards, switch the map. The progress is kept on the control plane (`shard_moves`)
 * after every step, so a step that dies is redone by the next call. The old copy stays until the move
 * is confirmed.
 */

/** Rows of these tables live on the control plane, not on a shard. */
const CONTROL_PLANE = new Set(["tenants", "tenant_domains", "shard_moves"]);

interface DataTable {
  name: string;
  columns: string[];
  /**
   * The keys the move reads the tenant's rows in, after `tenant_id`, ending with `rowid`: the columns of
   * an index on (`tenant_id`, …) whose columns are all NOT NULL, so each page is a range of that index
   * (a cursor compared as a row value), not a sort of all the tenant's rows. `["rowid"]` for a table
   * without such an index or whose rowid is its integer primary key (the copy keeps those ascending).
   */
  order: string[];
}

/** The shortest index on (`tenant_id`, …) of NOT NULL columns that is not partial: its columns after `tenant_id`, then rowid. */
function pageOrder(t: ReturnType<typeof getTableConfig>): string[] {
  if (t.columns.some((c) => c.primary && c.columnType === "SQLiteInteger")) return ["rowid"];
  const keys = [...t.indexes.filter((i) => !i.config.where).map((i) => i.config.columns), ...t.primaryKeys.map((k) => k.columns)].map((columns) =>
    columns.map((c) => (is(c, SQLiteColumn) && c.notNull ? c.name : null)),
  );
  const usable = keys.filter((k): k is string[] => k[0] === "tenant_id" && k.every((c) => c !== null)).sort((a, b) => a.length - b.length);
  return usable.length ? [...usable[0].slice(1), "rowid"] : ["rowid"];
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
      ordered.push({ name: t.name, columns: t.columns.map((c) => c.name), order: pageOrder(t) });
    }
  }
  return ordered;
})();

const quote = (name: string) => `"${name}"`;
/** Rows read per query, and D1's bound-parameter cap per statement. */
const PAGE = 500;
const MAX_PARAMS = 100;
/** Below every rowid: where the new shard's recorded rows of a table start. */
const FIRST = Number.MIN_SAFE_INTEGER;
/**
 * Queries one step makes at most unless SHARD_MOVE_STEP_QUERIES says otherwise: a Worker invocation
 * may make 1,000 D1 queries on the paid plan (50 on the free one), and the request has a few of its own.
 */
export const STEP_QUERIES = 800;
/** How long a step holds the move; one that dies (a restarted Worker) lets go when this runs out. */
export const LEASE_MS = 60_000;
/**
 * What a step keeps back: the progress write at a table's end, and the one at the step's end or the
 * map switch (two statements).
 */
const RESERVE = 3;
/** Fewer would leave a step no room for a page after its own bookkeeping. */
export const MIN_STEP_QUERIES = 10;

export interface TableReport {
  table: string;
  rows: number;
  checksum: string;
}

/** Where a move has got to, kept in `shard_moves.progress` between steps. */
export interface MoveProgress {
  /** Clearing leftovers of an earlier attempt off the target (children first), copying, verifying. */
  phase: "clear" | "copy" | "verify";
  /** The table being worked on: its index in DATA_TABLES. */
  table: number;
  /** Verify: the shard being read (the old one first, then the new one). */
  side: "source" | "target";
  /** The keys (DataTable.order) of the last row read of the table, null before the first (copy: on the old shard; verify: on the side being read). */
  after: unknown[] | null;
  /**
   * Copy: the new shard's highest rowid among the table's recorded rows. Rows above it were written by
   * a step that died before recording them: the next step deletes them and copies them again.
   */
  target_after: number;
  /** The rows of the table read so far and their running checksum (a sum of the rows' SHA-256). */
  rows: number;
  checksum: string;
  /** Each table copied: its rows and checksum as read from the old shard, in DATA_TABLES order. */
  copied: TableReport[];
  /** Rows read back from the new shard and found equal. */
  verified_rows: number;
  steps: number;
  queries: number;
  /** When the map switched: the record is kept until the confirmation, so a repeated step answers it. */
  finished_at?: number;
}

export interface MoveReport {
  tenant_id: string;
  from: number;
  to: number;
  /** `copying` until the map has switched (every call makes one step), then `done`. */
  status: "copying" | "done";
  progress: {
    phase: MoveProgress["phase"] | "done";
    /** The table being worked on; null when done. */
    table: string | null;
    tables_done: number;
    tables_total: number;
    rows_copied: number;
    rows_verified: number;
    /** Steps made so far and the D1 queries they made; `this_step_queries` is this call's. */
    steps: number;
    queries: number;
    this_step_queries: number;
    /** Another call's step holds the move (this call did nothing): call again in a moment. */
    busy: boolean;
  };
  /** The tables copied so far (all of them once done): rows and checksum, verified on both shards at the end. */
  tables: TableReport[];
  /** Since the move's first step. */
  duration_ms: number;
}

const ZERO = "0".repeat(64);
const MOD = 1n << 256n;
const encoder = new TextEncoder();

/**
 * Adds rows to a running checksum: the sum modulo 2^256 of each row's SHA-256. Independent of order,
 * so it can be carried from step to step and computed over any paging of the same rows.
 */
async function addRows(checksum: string, rows: unknown[][]): Promise<string> {
  let sum = BigInt(`0x${checksum}`);
  const digests = await Promise.all(rows.map((r) => crypto.subtle.digest("SHA-256", encoder.encode(JSON.stringify(r)))));
  for (const d of digests) sum += BigInt(`0x${[...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("")}`);
  return (sum % MOD).toString(16).padStart(64, "0");
}

/** A step's allowance of D1 queries; a batch costs one per statement. */
class Budget {
  spent = 0;
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  get left() {
    return this.limit - this.spent - RESERVE;
  }
  spend<T>(n: number, query: Promise<T>): Promise<T> {
    this.spent += n;
    return query;
  }
}

type TenantRow = Record<string, unknown> & { id: string; shard: number; shard_moving_to: number | null; shard_previous: number | null };
/** The tenant named by id or slug (the operator's choice), with one query; 404 at `tenant` for neither. */
async function tenantNamed(control: D1Database, name: string): Promise<TenantRow> {
  const tenant = await control.prepare("select * from tenants where id = ?1 or slug = ?1 limit 1").bind(name).first<TenantRow>();
  if (!tenant) throw new ApiError("NOT_FOUND", `No tenant is called ${name}`, [{ field: "tenant", message: "not found", value: name }]);
  return tenant;
}

interface MoveRow {
  from_shard: number;
  to_shard: number;
  progress: string;
  lease: string | null;
  started_at: number;
}

const freshProgress = (): MoveProgress => ({
  phase: "clear",
  table: DATA_TABLES.length - 1,
  side: "source",
  after: null,
  target_after: FIRST,
  rows: 0,
  checksum: ZERO,
  copied: [],
  verified_rows: 0,
  steps: 0,
  queries: 0,
});

/**
 * Takes the move for one step: creates its record on the first call, or takes it over when the lease
 * of the last step has run out (finished, or died). Null when a live step holds it.
 */
const claim = (control: D1Database, tenantId: string, from: number, to: number, lease: string, now: number) =>
  control
    .prepare(
      `insert into shard_moves (tenant_id, from_shard, to_shard, progress, lease, lease_until) values (?, ?, ?, ?, ?, ?)
       on conflict (tenant_id) do update set lease = excluded.lease, lease_until = excluded.lease_until where shard_moves.lease_until < ?
       returning from_shard, to_shard, progress, lease, started_at`,
    )
    .bind(tenantId, from, to, JSON.stringify(freshProgress()), lease, now + LEASE_MS, now);

const moveRow = (control: D1Database, tenantId: string) =>
  control.prepare("select from_shard, to_shard, progress, lease, started_at from shard_moves where tenant_id = ?").bind(tenantId).first<MoveRow>();

/** Whether this step still holds the move: every change of the move's state on the control plane is made under it. */
const holds = "exists (select 1 from shard_moves where tenant_id = ? and lease = ?)";

function report(tenantId: string, move: MoveRow, p: MoveProgress, { done = false, busy = false, stepQueries = 0 } = {}): MoveReport {
  const current = DATA_TABLES[p.table]?.name ?? null;
  const copiedRows = p.copied.reduce((n, t) => n + t.rows, 0) + (p.phase === "copy" ? p.rows : 0);
  return {
    tenant_id: tenantId,
    from: move.from_shard,
    to: move.to_shard,
    status: done ? "done" : "copying",
    progress: {
      phase: done ? "done" : p.phase,
      table: done ? null : current,
      tables_done: done ? DATA_TABLES.length : p.phase === "verify" ? p.table : p.copied.length,
      tables_total: DATA_TABLES.length,
      rows_copied: copiedRows,
      rows_verified: p.verified_rows,
      steps: p.steps,
      queries: p.queries,
      this_step_queries: stepQueries,
      busy,
    },
    tables: p.copied,
    duration_ms: (p.finished_at ?? Date.now()) - move.started_at,
  };
}

/** The query of a page: the tenant's rows (their keys, then their columns) in the table's page order, after a cursor when `cursor`. */
export function pageSql(table: DataTable, cursor: boolean) {
  const keys = table.order.map((c) => (c === "rowid" ? c : quote(c))).join(", ");
  const after = cursor ? ` and (${keys}) > (${table.order.map(() => "?").join(", ")})` : "";
  return `select ${keys}, ${table.columns.map(quote).join(", ")} from ${quote(table.name)} where tenant_id = ?${after} order by ${keys} limit ?`;
}

/** A page of a table's rows of the tenant after `after` in the table's page order: `keys` (DataTable.order) and `values` (its columns). */
async function page(db: D1Database, table: DataTable, tenantId: string, after: unknown[] | null, limit: number) {
  const rows = await db
    .prepare(pageSql(table, after !== null))
    .bind(tenantId, ...(after ?? []), limit)
    .raw<unknown[]>();
  const n = table.order.length;
  return { values: rows.map((r) => r.slice(n)), last: rows.length ? rows[rows.length - 1].slice(0, n) : null };
}

/** The work of one step: as many units (a page copied or read back, a few tables cleared) as its budget allows. */
async function advance(
  p: MoveProgress,
  budget: Budget,
  ctx: { source: D1Database; target: D1Database; tenant: TenantRow; to: number; save: () => Promise<void> },
) {
  const { source, target, tenant, to } = ctx;
  while (budget.left > 0) {
    if (p.phase === "clear") {
      if (p.table >= 0) {
        // What an earlier attempt may have left.
        p.table = await clearTables(target, tenant.id, p.table, budget);
        continue;
      }
      // The copy's tenant row anchors the foreign keys there and names the shard it is on; one an earlier
      // attempt left behind (marked so, decision 76) is taken back unfenced.
      await budget.spend(
        1,
        target
          .prepare(
            `insert into tenants (id, slug, name, currency, branding, settings, shard, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)
             on conflict (id) do update set shard = excluded.shard, shard_moving_to = null`,
          )
          .bind(tenant.id, tenant.slug, tenant.name, tenant.currency, tenant.branding, tenant.settings, to, tenant.created_at)
          .run(),
      );
      Object.assign(p, { phase: "copy", table: 0, after: null, target_after: FIRST, rows: 0, checksum: ZERO });
    } else if (p.phase === "copy") {
      const table = DATA_TABLES[p.table];
      const perInsert = Math.max(1, Math.floor(MAX_PARAMS / table.columns.length));
      // One read and the inserts of what it read must fit what is left.
      const limit = Math.min(PAGE, (budget.left - 1) * perInsert);
      if (limit < 1) return;
      const { values: rows, last } = await budget.spend(1, page(source, table, tenant.id, p.after, limit));
      if (rows.length > 0) {
        const cols = table.columns.map(quote).join(", ");
        const inserts: D1PreparedStatement[] = [];
        for (let i = 0; i < rows.length; i += perInsert) {
          const chunk = rows.slice(i, i + perInsert);
          const values = chunk.map(() => `(${table.columns.map(() => "?").join(", ")})`).join(", ");
          inserts.push(target.prepare(`insert into ${quote(table.name)} (${cols}) values ${values} returning rowid as __rowid`).bind(...chunk.flat()));
        }
        const written = await budget.spend(inserts.length, target.batch<{ __rowid: number }>(inserts));
        p.target_after = Math.max(p.target_after, ...written.flatMap((w) => w.results.map((r) => r.__rowid)));
        p.after = last;
        p.rows += rows.length;
        p.checksum = await addRows(p.checksum, rows);
      }
      if (rows.length === limit) continue;
      p.copied.push({ table: table.name, rows: p.rows, checksum: p.checksum });
      const next = p.table + 1 < DATA_TABLES.length;
      Object.assign(p, next ? { table: p.table + 1 } : { phase: "verify", table: 0, side: "source" }, {
        after: null,
        target_after: FIRST,
        rows: 0,
        checksum: ZERO,
      });
      // Recorded before the next table gets a row: a step that dies leaves unrecorded rows in one table only.
      await budget.spend(1, ctx.save());
    } else {
      const table = DATA_TABLES[p.table];
      const { values: rows, last } = await budget.spend(1, page(p.side === "source" ? source : target, table, tenant.id, p.after, PAGE));
      if (rows.length > 0) {
        p.after = last;
        p.rows += rows.length;
        p.checksum = await addRows(p.checksum, rows);
      }
      if (rows.length === PAGE) continue;
      const copied = p.copied[p.table];
      if (p.rows !== copied.rows || p.checksum !== copied.checksum) {
        const where = p.side === "source" ? `shard ${tenant.shard} changed during the move` : `shard ${to} holds something else`;
        throw new Error(
          `${table.name}: ${copied.rows} rows copied, but ${where} (${p.rows} rows, checksums ${p.checksum === copied.checksum ? "equal" : "differ"})`,
        );
      }
      if (p.side === "target") p.verified_rows += p.rows;
      if (p.side === "target" && p.table + 1 === DATA_TABLES.length) return true;
      Object.assign(p, p.side === "source" ? { side: "target" } : { side: "source", table: p.table + 1 }, { after: null, rows: 0, checksum: ZERO });
    }
  }
  return false;
}

/** Rows one delete statement takes away at most: well inside D1's 30 s per statement. */
const DROP_PAGE = 5000;

/**
 * Deletes the tenant's rows of DATA_TABLES[0..table] on `db`, children first (the list backwards), at
 * most DROP_PAGE rows a query, while the budget lasts. One query first finds the tables that still hold
 * rows, so a call that goes on where another stopped does not spend a query per emptied table. Answers
 * the table still to clear (-1: none).
 */
async function clearTables(db: D1Database, tenantId: string, table: number, budget: Budget, { leftBehindOnly = false } = {}): Promise<number> {
  if (table < 0 || budget.left <= 0) return table;
  const tables = DATA_TABLES.slice(0, table + 1);
  const [held] = await budget.spend(
    1,
    db
      .prepare(`select ${tables.map((t) => `exists (select 1 from ${quote(t.name)} where tenant_id = ?1)`).join(", ")}`)
      .bind(tenantId)
      .raw<number[]>(),
  );
  let next = table;
  while (next >= 0 && budget.left > 0) {
    if (!held[next]) {
      next -= 1;
      continue;
    }
    const name = quote(DATA_TABLES[next].name);
    // Guarded by the mark, each statement on its own: a move to this shard that takes the row back meanwhile stops the deletes.
    const guard = leftBehindOnly ? ` and exists (select 1 from tenants where id = ?1 and shard_moving_to = ${LEFT_BEHIND})` : "";
    const { meta } = await budget.spend(
      1,
      db.prepare(`delete from ${name} where rowid in (select rowid from ${name} where tenant_id = ?1 limit ${DROP_PAGE})${guard}`).bind(tenantId).run(),
    );
    if (meta.changes < DROP_PAGE) next -= 1;
  }
  // Only empty tables left to look at: cleared, whatever the budget.
  while (next >= 0 && !held[next]) next -= 1;
  return next;
}

/**
 * Raises (or, with null, lifts) the tenant's write fence on a shard (decision 76). Raising needs the
 * shard's tenant row: without it nothing would be refused, so that is an error.
 */
async function fence(db: D1Database, tenantId: string, to: number | null) {
  const { meta } = await db.prepare("update tenants set shard_moving_to = ? where id = ?").bind(to, tenantId).run();
  if (to !== null && meta.changes !== 1) throw new Error("the old shard has no row of the tenant to fence its writes with");
}

/**
 * Gives the move up: the map unchanged (the old copy was authoritative throughout), the partial copy
 * deleted from the target. Only under the move's lease, so a step that lost it undoes nothing. The old
 * shard's fence is lifted first: were the control plane's batch then to fail, the API still refuses the
 * shop's writes until the move is aborted again, rather than the shard refusing them with no move left.
 */
async function undo(env: Env, tenantId: string, from: number, to: number, lease: string, budget: Budget) {
  if (!(await budget.spend(1, env.DB.prepare("select 1 from shard_moves where tenant_id = ? and lease = ?").bind(tenantId, lease).first()))) return false;
  await budget.spend(1, fence(shardDatabase(env, from), tenantId, null));
  const [cleared] = await budget.spend(
    2,
    env.DB.batch([
      env.DB.prepare(`update tenants set shard_moving_to = null where id = ? and shard = ? and shard_moving_to = ? and ${holds}`).bind(
        tenantId,
        from,
        to,
        tenantId,
        lease,
      ),
      env.DB.prepare("delete from shard_moves where tenant_id = ? and lease = ?").bind(tenantId, lease),
    ]),
  );
  if (cleared.meta.changes === 0) return false;
  // What this cannot delete (the budget ran out, or it failed) the next move to that shard clears first.
  await dropCopy(shardDatabase(env, to), tenantId, to, budget);
  return true;
}

/**
 * D1's errors that the documentation says to retry (developers.cloudflare.com/d1/best-practices/retry-queries):
 * a step that meets one is resumed, not undone.
 */
const TRANSIENT = ["Network connection lost", "storage caused object to be reset", "reset because its code was updated"];
const isTransient = (e: unknown) => TRANSIENT.some((text) => says(e, text));

const superseded = () => new ApiError("CONFLICT", "Another call took this move over (this step ran past its lease): call again to see where it is");

export interface StepOptions {
  /** D1 queries the step may make (default SHARD_MOVE_STEP_QUERIES, else STEP_QUERIES). */
  queries?: number;
}

export function stepQueries(env: Env): number {
  const set = Number(env.SHARD_MOVE_STEP_QUERIES);
  return Number.isInteger(set) && set > 0 ? set : STEP_QUERIES;
}

/** Records the progress under the lease: held on (mid-step) or let go (the step's end). */
async function saveProgress(control: D1Database, tenantId: string, lease: string, p: MoveProgress, release: boolean) {
  const now = Date.now();
  const { meta } = await control
    .prepare("update shard_moves set progress = ?, lease = ?, lease_until = ?, updated_at = ? where tenant_id = ? and lease = ?")
    .bind(JSON.stringify(p), release ? null : lease, release ? 0 : now + LEASE_MS, now, tenantId, lease)
    .run();
  if (meta.changes === 0) throw superseded();
}

/**
 * One step of moving the tenant to shard `to`: the first call starts the move (writes are refused
 * from then on: a write under way that passed the API's check meets the old shard's fence), every call makes as much progress as `queries`
 * D1 queries allow and answers `copying` with where the move is, and the call that verifies the last
 * table switches the map and answers `done`. The old copy stays until confirmMove. A failed copy or a
 * failed verification undoes the move; a step that meets a transient D1 error answers 503 and the next
 * call goes on from the last recorded progress, as it does after a step that dies without a word (a
 * restarted Worker), once that one's lease has run out.
 */
export async function moveStep(env: Env, name: string, to: number, { queries = stepQueries(env) }: StepOptions = {}): Promise<MoveReport> {
  if (!isShard(to)) throw new ApiError("VALIDATION_ERROR", "No such shard", [{ field: "shard", message: "is not a bound data shard", value: to }]);
  const budget = new Budget(Math.max(queries, MIN_STEP_QUERIES));
  const tenant = await budget.spend(1, tenantNamed(env.DB, name));
  const tenantId = tenant.id;
  const from = tenant.shard;
  if (tenant.shard_moving_to === null) {
    if (from === to && tenant.shard_previous !== null) {
      // The move that brought it here awaits confirmation: a call repeated after its answer was lost gets that answer again.
      const finished = await budget.spend(1, moveRow(env.DB, tenantId));
      if (finished) return report(tenantId, finished, JSON.parse(finished.progress), { done: true, stepQueries: budget.spent });
    }
    if (from === to) throw new ApiError("CONFLICT", `The tenant is on shard ${to} already`, [{ field: "shard", message: "is the tenant's shard", value: to }]);
    if (tenant.shard_previous !== null)
      throw new ApiError("CONFLICT", `Confirm the tenant's last move first: its old copy is still on shard ${tenant.shard_previous}`);
  }
  const lease = crypto.randomUUID();
  let move: MoveRow | null;
  if (tenant.shard_moving_to === null) {
    // Flagged and taken in one batch, so no other call starts the move too.
    const [flagged, claimed] = await budget.spend(
      2,
      env.DB.batch<MoveRow>([
        env.DB.prepare("update tenants set shard_moving_to = ? where id = ? and shard_moving_to is null").bind(to, tenantId),
        claim(env.DB, tenantId, from, to, lease, Date.now()),
      ]),
    );
    if (flagged.meta.changes === 0) throw new ApiError("CONFLICT", "The tenant is being moved already");
    move = claimed.results[0] ?? null;
  } else if (tenant.shard_moving_to !== to) {
    throw new ApiError("CONFLICT", `The tenant is being moved to shard ${tenant.shard_moving_to}: go on with that move or abort it`, [
      { field: "shard", message: "is not where the tenant is being moved", value: to },
    ]);
  } else {
    move = await budget.spend(1, claim(env.DB, tenantId, from, to, lease, Date.now()).first<MoveRow>());
  }
  if (!move) {
    const held = await budget.spend(1, moveRow(env.DB, tenantId));
    if (!held) throw new ApiError("CONFLICT", "The move ended meanwhile: ask again to see where the tenant is");
    return report(tenantId, held, JSON.parse(held.progress), { busy: true, stepQueries: budget.spent });
  }
  const p = JSON.parse(move.progress) as MoveProgress;
  const source = shardDatabase(env, from);
  const target = shardDatabase(env, to);
  try {
    // Every step raises the old shard's fence (idempotent): the first one's may have died before it did.
    // From here no write of the shop lands there, so what is copied stays what the shop holds.
    await budget.spend(1, fence(source, tenantId, to));
    if (p.phase === "copy") {
      // What a step that died wrote after its last recorded page.
      await budget.spend(
        1,
        target
          .prepare(`delete from ${quote(DATA_TABLES[p.table].name)} where tenant_id = ? and rowid > ?`)
          .bind(tenantId, p.target_after)
          .run(),
      );
    }
    const save = () => saveProgress(env.DB, tenantId, lease, p, false);
    const verified = await advance(p, budget, { source, target, tenant, to, save });
    p.steps += 1;
    p.queries += budget.spent + (verified ? 2 : 1);
    if (verified) {
      p.finished_at = Date.now();
      const [switched] = await env.DB.batch([
        env.DB.prepare(`update tenants set shard = ?, shard_previous = ?, shard_moving_to = null where id = ? and shard_moving_to = ? and ${holds}`).bind(
          to,
          from,
          tenantId,
          to,
          tenantId,
          lease,
        ),
        // Kept, let go, as the finished move's record until the confirmation deletes it.
        env.DB.prepare("update shard_moves set progress = ?, lease = null, lease_until = 0 where tenant_id = ? and lease = ?").bind(
          JSON.stringify(p),
          tenantId,
          lease,
        ),
      ]);
      if (switched.meta.changes === 0) throw superseded();
      return report(tenantId, move, p, { done: true, stepQueries: budget.spent + 2 });
    }
    await saveProgress(env.DB, tenantId, lease, p, true);
    return report(tenantId, move, p, { stepQueries: budget.spent + 1 });
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const failed = (e as Error).message;
    if (isTransient(e)) {
      // What the record says was copied is on the target (rows written after it are deleted by the next
      // step), so the move lets go and goes on from there when called again; only the lease is given back.
      await env.DB.prepare("update shard_moves set lease = null, lease_until = 0 where tenant_id = ? and lease = ?")
        .bind(tenantId, lease)
        .run()
        .catch(() => undefined);
      throw new ApiError("SERVICE_UNAVAILABLE", `A step of the move met a passing database error (${failed}); call again to go on from where it was`, [], {
        "Retry-After": "5",
      });
    }
    const undone = await undo(env, tenantId, from, to, lease, budget).catch((u: Error) => {
      throw new ApiError("INTERNAL_SERVER_ERROR", `A step of the move failed (${failed}) and undoing it failed too (${u.message}): abort the move`);
    });
    if (!undone) throw superseded();
    throw new ApiError("INTERNAL_SERVER_ERROR", `The move was undone: ${failed}`);
  }
}

/** A whole move in one invocation, step after step: for callers without a query budget (tests, a small tenant). */
export async function moveTenant(env: Env, name: string, to: number, options: StepOptions = {}): Promise<MoveReport> {
  for (;;) {
    const step = await moveStep(env, name, to, options);
    if (step.status === "done") return step;
    if (step.progress.busy) await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Gives up a move under way (interrupted, or not wanted): the old copy stays authoritative, the map
 * unchanged, what was copied deleted. Refused while a step is running (its lease is live).
 */
export async function abortMove(env: Env, name: string): Promise<{ tenant_id: string; shard: number; dropped_from: number }> {
  const tenant = await tenantNamed(env.DB, name);
  const tenantId = tenant.id;
  const to = tenant.shard_moving_to;
  if (to === null) throw new ApiError("CONFLICT", "The tenant is not being moved: there is nothing to abort");
  const lease = crypto.randomUUID();
  if (!(await claim(env.DB, tenantId, tenant.shard, to, lease, Date.now()).first()))
    throw new ApiError("CONFLICT", `A step of the move is running: try again within ${LEASE_MS / 1000} s`);
  if (!(await undo(env, tenantId, tenant.shard, to, lease, new Budget(stepQueries(env)))))
    throw new ApiError("CONFLICT", "The move ended meanwhile: ask again to see where the tenant is");
  return { tenant_id: tenantId, shard: tenant.shard, dropped_from: to };
}

/**
 * Deletes the tenant's copy from a shard that is not (or no longer) its home, as far as the budget goes:
 * marked left behind first (its writes still refused, its deletes allowed: decision 76), then the rows,
 * then the shard's tenant row — only where it names that shard, so a control plane's row is never
 * touched. True once nothing is left.
 */
async function dropCopy(db: D1Database, tenantId: string, shard: number, budget: Budget, { mark = true } = {}): Promise<boolean> {
  if (mark) await budget.spend(1, db.prepare("update tenants set shard_moving_to = ? where id = ? and shard = ?").bind(LEFT_BEHIND, tenantId, shard).run());
  if ((await clearTables(db, tenantId, DATA_TABLES.length - 1, budget, { leftBehindOnly: true })) >= 0) return false;
  // Only while still left behind: a move to this shard that began meanwhile has taken the row back, and its
  // deletion would cascade to the new copy.
  await budget.spend(1, db.prepare("delete from tenants where id = ? and shard = ? and shard_moving_to = ?").bind(tenantId, shard, LEFT_BEHIND).run());
  return true;
}

/**
 * Deletes the copy a finished move left on the old shard, as far as the step's query budget goes:
 * `status: "deleting"` until a call finds nothing left and answers `done` (the caller calls again).
 */
export async function confirmMove(
  env: Env,
  name: string,
  { queries = stepQueries(env) }: StepOptions = {},
): Promise<{ tenant_id: string; dropped_from: number; status: "deleting" | "done" }> {
  const budget = new Budget(Math.max(queries, MIN_STEP_QUERIES));
  const tenant = await budget.spend(1, tenantNamed(env.DB, name));
  const previous = tenant.shard_previous;
  if (previous === null) throw new ApiError("CONFLICT", "The tenant has no old copy to delete: no move is waiting for confirmation");
  if (!(await dropCopy(shardDatabase(env, previous), tenant.id, previous, budget))) return { tenant_id: tenant.id, dropped_from: previous, status: "deleting" };
  await env.DB.batch([
    env.DB.prepare("update tenants set shard_previous = null where id = ?").bind(tenant.id),
    env.DB.prepare("delete from shard_moves where tenant_id = ?").bind(tenant.id),
  ]);
  return { tenant_id: tenant.id, dropped_from: previous, status: "done" };
}

/**
 * The scheduled chore that finishes what an undo's budget could not delete (decision 74): the copies on
 * a shard marked left behind whose shop is not at home there, not being moved there and not awaiting
 * the operator's confirmation there, as far as one step's budget goes (the next run goes on). Only rows
 * of a shop still marked left behind are deleted, statement by statement. Answers the shops cleared.
 */
export async function sweepLeftBehind(env: Env, shard: number, { queries = stepQueries(env) }: StepOptions = {}): Promise<string[]> {
  const db = shardDatabase(env, shard);
  const budget = new Budget(Math.max(queries, MIN_STEP_QUERIES));
  const { results: marked } = await budget.spend(
    1,
    db.prepare("select id from tenants where shard = ? and shard_moving_to = ? limit 20").bind(shard, LEFT_BEHIND).all<{ id: string }>(),
  );
  if (marked.length === 0) return [];
  const { results: strays } = await budget.spend(
    1,
    env.DB.prepare(
      `select id from tenants where id in (${marked.map(() => "?").join(", ")})
         and shard <> ? and coalesce(shard_moving_to, -1) <> ? and coalesce(shard_previous, -1) <> ?`,
    )
      .bind(...marked.map((t) => t.id), shard, shard, shard)
      .all<{ id: string }>(),
  );
  const cleared: string[] = [];
  for (const { id } of strays) {
    if (budget.left <= 0) break;
    if (await dropCopy(db, id, shard, budget, { mark: false })) cleared.push(id);
  }
  return cleared;
}
