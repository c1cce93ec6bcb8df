import { and, asc, count, desc, eq, gt, inArray, lt, or } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { auditLog, users } from "./schema/index.ts";

export type AuditEntry = Omit<typeof auditLog.$inferInsert, "id" | "tenant_id" | "created_at">;

export const audit = (scope: Scope, entry: AuditEntry) => scope.db.insert(auditLog).values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, ...entry });

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
