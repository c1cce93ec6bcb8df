import { and, eq, type Column, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";

/** A tenant context: every tenant-owned query in worker/db takes one. */
export interface Scope {
  /** The tenant's data shard (worker/db/shards.ts). */
  db: Db;
  /**
   * The control plane, for the tenant's rows there (its settings, branding, hostnames). Absent when
   * one database holds both, as in a scope a test builds by hand.
   */
  control?: Db;
  tenantId: string;
}

/** Where the tenant's control-plane rows are. */
export const controlOf = (scope: Scope): Db => scope.control ?? scope.db;

/**
 * The one way to scope a query to a tenant: the `tenant_id` predicate first, then the query's own
 * conditions (undefined ones are skipped, as in `and`). Every query on a tenant table in worker/db
 * builds its WHERE with this, and the workerd tests refuse SQL on a tenant table without it.
 */
export const ofTenant = (scope: Pick<Scope, "tenantId">, table: { tenant_id: Column }, ...conditions: (SQL | undefined)[]): SQL =>
  and(eq(table.tenant_id, scope.tenantId), ...conditions) as SQL;

/** True when D1's error, or one it was caused by, says `text`. */
export const says = (e: unknown, text: string): boolean => {
  for (let err = e as { message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (typeof err.message === "string" && err.message.includes(text)) return true;
  }
  return false;
};

/** True when D1 refused a write because of a UNIQUE constraint (on `table` when given). */
export const isUniqueViolation = (e: unknown, table?: string): boolean => says(e, table ? `UNIQUE constraint failed: ${table}.` : "UNIQUE constraint failed");

/** True when D1 refused a write because `column` ("table.column") was NULL. */
export const isNotNullViolation = (e: unknown, column: string): boolean => says(e, `NOT NULL constraint failed: ${column}`);
