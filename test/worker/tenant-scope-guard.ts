import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { is } from "drizzle-orm";
import { afterEach, expect } from "vitest";
import { env } from "cloudflare:workers";
import * as schema from "../../worker/db/schema/index.ts";

/**
 * Setup file of the workerd tests: refuses SQL that the Worker sends to a tenant table without a
 * tenant predicate (docs/decisions/0017-tenant-scope-by-construction.md).
 *
 * The Worker reaches D1 only through `openDb`, which opens a D1 session, so the guard wraps
 * `prepare` of the session class: every statement of the Worker, its Durable Objects and queue
 * consumers passes here (they run in the tests' isolate). Tests' own fixture SQL on the raw
 * binding (`env.DB.prepare`) and the migrations are not sessions and are not checked.
 *
 * - SELECT, UPDATE, DELETE touching a tenant table must compare `tenant_id` with a bound value.
 * - INSERT into a tenant table must name the `tenant_id` column (so it binds one).
 * A violation throws where the query is made and fails the running test (afterEach), naming the SQL.
 */

/** Tables with a tenant_id column, from the drizzle schema: a new table is covered without a list to update. */
export const TENANT_TABLES: ReadonlySet<string> = new Set(
  Object.values(schema as Record<string, unknown>)
    .filter((v: unknown): v is SQLiteTable => is(v, SQLiteTable))
    .map((t) => getTableConfig(t))
    .filter((t) => t.columns.some((c) => c.name === "tenant_id"))
    .map((t) => t.name),
);

/** Queries that are cross-tenant on purpose. Each names why; keep this list short. */
export const CROSS_TENANT_ALLOWED: readonly { reason: string; sql: RegExp }[] = [
  { reason: "host resolution: the tenant comes from a custom hostname, before any tenant is known", sql: /from "tenant_domains" inner join "tenants"/ },
  {
    reason: "custom hostnames are claimed globally: any shop's claim on a hostname that nobody verified within a week gives way",
    sql: /^delete from "tenant_domains" where \("tenant_domains"."hostname" = \? and "tenant_domains"."verified_at" is null/,
  },
  {
    reason: "scheduled sweep: expired sign-in sessions of every tenant at home on the shard",
    sql: /^delete from "sessions" where \("sessions"."expires_at" <= \? and not exists \(select 1 from "tenants" where "tenants"."id" = "sessions"."tenant_id" and "tenants"."shard_moving_to" is not null\)\)$/,
  },
  {
    reason: "scheduled sweep: inbound events of every tenant that never reached the inbox queue",
    sql: /^select "id", "tenant_id" from "webhook_events" where/,
  },
  {
    reason: "scheduled sweep: outbound deliveries of every tenant that never reached the deliveries queue",
    sql: /^select "id", "tenant_id" from "webhook_deliveries" where/,
  },
  { reason: "scheduled sweep: orders of every tenant whose cutting list was queued but never settled", sql: /^select "id", "tenant_id" from "orders" where/ },
  {
    reason: "scheduled sweep: technical packages of every tenant queued or building with no change for long",
    sql: /^select "tenant_id", "quote_id", "status", "attempts", "updated_at" from "technical_packages" where/,
  },
  {
    reason: "scheduled sweep: drawing requests of every tenant pending or processing with no change for long",
    sql: /^select "id", "tenant_id", "configuration_id", "quote_id", "status", "attempts", "updated_at" from "drawing_requests" where/,
  },
  {
    reason: "scheduled sweep: notification events of every tenant that never reached the notifications queue",
    sql: /^select "id", "tenant_id" from "notification_events" where/,
  },
  { reason: "scheduled expiry check: sent quotes of every tenant about to expire", sql: /^select "id", "tenant_id", "revision" from "quotes" where/ },
  {
    reason: "scheduled re-check: pending custom hostnames of every shop, the longest unchecked first (control plane)",
    sql: /^select .* from "tenant_domains" where \("tenant_domains"."status" = \? and "tenant_domains"."provider_ref" is not null/,
  },
];

const TOUCHED = /\b(?:from|join|into|update)\s+"?(\w+)"?/g;
const TENANT_PREDICATE = /\btenant_id"?\s*=\s*\?/;
const INSERT_TENANT_COLUMN = /^insert\s+(?:or\s+\w+\s+)?into\s+"?\w+"?\s*\([^)]*\btenant_id\b/;

/** Why the statement is refused, or null when it is scoped (or allowed). */
export function tenantScopeViolation(sqlText: string): string | null {
  const sql = sqlText.trim().replace(/\s+/g, " ").toLowerCase();
  const touched = [...sql.matchAll(TOUCHED)].map((m) => m[1]).filter((t) => TENANT_TABLES.has(t));
  if (touched.length === 0) return null;
  if (CROSS_TENANT_ALLOWED.some((a) => a.sql.test(sql))) return null;
  if (sql.startsWith("insert")) {
    if (!INSERT_TENANT_COLUMN.test(sql)) return `INSERT into tenant table ${touched[0]} without a tenant_id column`;
    // INSERT … SELECT reads tenant tables too: the read needs its predicate.
    const reads = / select .* from /.test(sql) && touched.length > 1;
    return reads && !TENANT_PREDICATE.test(sql) ? `INSERT … SELECT from tenant tables (${touched.join(", ")}) without a tenant_id predicate` : null;
  }
  return TENANT_PREDICATE.test(sql) ? null : `query on tenant table(s) ${[...new Set(touched)].join(", ")} without a tenant_id predicate`;
}

/** Violations seen since the last check, and how many statements were checked (globalThis: shared by every module copy). */
const VIOLATIONS = Symbol.for("fabquote.tenantScopeViolations");
const CHECKED = Symbol.for("fabquote.tenantScopeChecked");
const store = globalThis as unknown as { [VIOLATIONS]?: string[]; [CHECKED]?: number };
store[VIOLATIONS] ??= [];
store[CHECKED] ??= 0;
export const takeViolations = (): string[] => store[VIOLATIONS]!.splice(0);
export const checkedStatements = (): number => store[CHECKED]!;

const GUARDED = Symbol.for("fabquote.tenantScopeGuard");
const sessionProto = Object.getPrototypeOf(env.DB.withSession("first-unconstrained")) as { prepare(sql: string): unknown; [GUARDED]?: true };
if (!sessionProto[GUARDED]) {
  const prepare = sessionProto.prepare;
  sessionProto.prepare = function (this: unknown, sql: string) {
    store[CHECKED]!++;
    const violation = tenantScopeViolation(sql);
    if (violation) {
      const message = `Tenant scope guard: ${violation}\n  ${sql}`;
      store[VIOLATIONS]!.push(message);
      throw new Error(message);
    }
    return prepare.call(this, sql);
  };
  sessionProto[GUARDED] = true;
}

afterEach(() => {
  expect(takeViolations(), "queries without a tenant_id predicate (see test/worker/tenant-scope-guard.ts)").toEqual([]);
});
