import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { auditLog, users } from "./schema/index.ts";

export type AuditEntry = Omit<typeof auditLog.$inferInsert, "id" | "tenant_id" | "created_at">;

export const audit = ({ db, tenantId }: Scope, entry: AuditEntry) =>
  db.insert(auditLog).values({ id: crypto.randomUUID(), tenant_id: tenantId, ...entry });

export const listAudit = ({ db, tenantId }: Scope, opts: { limit: number; before?: number }) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, tenantId), opts.before ? lt(auditLog.created_at, opts.before) : undefined))
    .orderBy(desc(auditLog.created_at))
    .limit(opts.limit + 1);

/** What was recorded against these targets, oldest first, with the acting user's name when a user acted. */
export const auditOf = ({ db, tenantId }: Scope, targets: { type: string; ids: string[] }[]) =>
  db
    .select({ entry: auditLog, user_name: users.name })
    .from(auditLog)
    .leftJoin(users, and(eq(users.tenant_id, auditLog.tenant_id), eq(users.id, auditLog.actor_id)))
    .where(and(eq(auditLog.tenant_id, tenantId), or(...targets.filter((t) => t.ids.length > 0).map((t) => and(eq(auditLog.target_type, t.type), inArray(auditLog.target_id, t.ids))))))
    .orderBy(asc(auditLog.created_at))
    .limit(1000);
