import { and, asc, count, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { auditLog, users } from "./schema/index.ts";

export type AuditEntry = Omit<typeof auditLog.$inferInsert, "id" | "tenant_id" | "created_at">;

export const audit = (scope: Scope, entry: AuditEntry) => scope.db.insert(auditLog).values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, ...entry });

/**
 * `audit` for a caller's batch, written only when `onlyIf` holds at that point of the batch (with the change it
 * records). `computed` adds data fields whose values the batch works out (a document number it assigns).
 */
export function auditWhen(scope: Scope, e: AuditEntry, onlyIf: SQL, computed: Record<string, SQL> = {}) {
  let data = sql`${JSON.stringify(e.data ?? {})}`;
  for (const [field, value] of Object.entries(computed)) data = sql`json_set(${data}, ${`$.${field}`}, ${value})`;
  // insert(…).select(sql) lists every column in table order.
  return scope.db
    .insert(auditLog)
    .select(
      sql`SELECT ${crypto.randomUUID()}, ${scope.tenantId}, ${e.actor_type}, ${e.actor_id ?? null}, ${e.action}, ${e.target_type ?? null}, ${e.target_id ?? null}, ${data}, ${e.request_id ?? null}, ${Date.now()} WHERE ${onlyIf}`,
    );
}

export const listAudit = (scope: Scope, opts: { limit: number; before?: number }) =>
  scope.db
    .select()
    .from(auditLog)
    .where(ofTenant(scope, auditLog, opts.before ? lt(auditLog.created_at, opts.before) : undefined))
    .orderBy(desc(auditLog.created_at))
    .limit(opts.limit + 1);

/** How many entries of one action on one target were written after `since`. */
export const countAuditSince = async (scope: Scope, action: string, targetId: string, since: number) =>
  (
    await scope.db
      .select({ n: count() })
      .from(auditLog)
      .where(ofTenant(scope, auditLog, eq(auditLog.action, action), eq(auditLog.target_id, targetId), gt(auditLog.created_at, since)))
  )[0].n;

/** What was recorded against these targets, oldest first, with the acting user's name when a user acted. */
export const auditOf = (scope: Scope, targets: { type: string; ids: string[] }[]) =>
  scope.db
    .select({ entry: auditLog, user_name: users.name })
    .from(auditLog)
    .leftJoin(users, and(eq(users.tenant_id, auditLog.tenant_id), eq(users.id, auditLog.actor_id)))
    .where(
      ofTenant(
        scope,
        auditLog,
        or(...targets.filter((t) => t.ids.length > 0).map((t) => and(eq(auditLog.target_type, t.type), inArray(auditLog.target_id, t.ids)))),
      ),
    )
    .orderBy(asc(auditLog.created_at))
    .limit(1000);
