import { and, desc, eq, lt } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { auditLog } from "./schema/index.ts";

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
