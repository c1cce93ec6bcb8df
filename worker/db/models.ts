import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { visibleTo, type Viewer } from "./viewer.ts";
import type { Scope } from "./scope.ts";
import { models } from "./schema/index.ts";

export type Model = typeof models.$inferSelect;
export type NewModel = Omit<typeof models.$inferInsert, "tenant_id" | "created_at">;


export async function insertModel({ db, tenantId }: Scope, row: NewModel) {
  const full = { ...row, tenant_id: tenantId, created_at: Date.now() };
  await db.insert(models).values(full);
  return full;
}

export const findModel = ({ db, tenantId }: Scope, id: string, viewer: Viewer) =>
  db.query.models.findFirst({
    where: and(eq(models.tenant_id, tenantId), eq(models.id, id), visibleTo(models, viewer)),
  });

export const listModels = ({ db, tenantId }: Scope, viewer: Viewer, opts: { limit: number; before?: number }) =>
  db
    .select()
    .from(models)
    .where(and(eq(models.tenant_id, tenantId), visibleTo(models, viewer), opts.before ? lt(models.created_at, opts.before) : undefined))
    .orderBy(desc(models.created_at))
    .limit(opts.limit + 1);

/** A finished analysis of the same bytes read in the same units: identical files need no second analysis. */
export const findAnalysisOf = ({ db, tenantId }: Scope, sha256: string, units: string) =>
  db.query.models.findFirst({
    where: and(eq(models.tenant_id, tenantId), eq(models.sha256, sha256), eq(models.units, units as "mm" | "in"), eq(models.status, "analyzed")),
  });

export const markAnalyzed = ({ db, tenantId }: Scope, id: string, analysis: Record<string, unknown>) =>
  db
    .update(models)
    .set({ status: "analyzed", analysis, error_code: null, error_message: null, analyzed_at: Date.now() })
    .where(and(eq(models.tenant_id, tenantId), eq(models.id, id)));

export const markFailed = ({ db, tenantId }: Scope, id: string, code: string, message: string) =>
  db
    .update(models)
    .set({ status: "failed", error_code: code, error_message: message, analyzed_at: Date.now() })
    .where(and(eq(models.tenant_id, tenantId), eq(models.id, id)));

/** A guest who signs in takes the parts uploaded in their guest session along. */
export const claimGuestModels = ({ db, tenantId }: Scope, sessionHash: string, userId: string, customerId: string | null) =>
  db
    .update(models)
    .set({ owner_user_id: userId, customer_id: customerId, guest_session_hash: null })
    .where(and(eq(models.tenant_id, tenantId), eq(models.guest_session_hash, sessionHash), isNull(models.owner_user_id)));
