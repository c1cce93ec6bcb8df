import { desc, eq, isNull, lt } from "drizzle-orm";
import { visibleTo, type Viewer } from "./viewer.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { models } from "./schema/index.ts";

export type Model = typeof models.$inferSelect;
export type NewModel = Omit<typeof models.$inferInsert, "tenant_id" | "created_at">;


export async function insertModel(scope: Scope, row: NewModel) {
  const full = { ...row, tenant_id: scope.tenantId, created_at: Date.now() };
  await scope.db.insert(models).values(full);
  return full;
}

export const findModel = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.models.findFirst({
    where: ofTenant(scope, models, eq(models.id, id), visibleTo(models, viewer)),
  });

export const listModels = (scope: Scope, viewer: Viewer, opts: { limit: number; before?: number }) =>
  scope.db
    .select()
    .from(models)
    .where(ofTenant(scope, models, visibleTo(models, viewer), opts.before ? lt(models.created_at, opts.before) : undefined))
    .orderBy(desc(models.created_at))
    .limit(opts.limit + 1);

/** A finished analysis of the same bytes read in the same units: identical files need no second analysis. */
export const findAnalysisOf = (scope: Scope, sha256: string, units: string) =>
  scope.db.query.models.findFirst({
    where: ofTenant(scope, models, eq(models.sha256, sha256), eq(models.units, units as "mm" | "in"), eq(models.status, "analyzed")),
  });

export const markAnalyzed = (scope: Scope, id: string, analysis: Record<string, unknown>) =>
  scope.db
    .update(models)
    .set({ status: "analyzed", analysis, error_code: null, error_message: null, analyzed_at: Date.now() })
    .where(ofTenant(scope, models, eq(models.id, id)));

export const markFailed = (scope: Scope, id: string, code: string, message: string) =>
  scope.db
    .update(models)
    .set({ status: "failed", error_code: code, error_message: message, analyzed_at: Date.now() })
    .where(ofTenant(scope, models, eq(models.id, id)));

/** A guest who signs in takes the parts uploaded in their guest session along. */
export const claimGuestModels = (scope: Scope, sessionHash: string, userId: string, customerId: string | null) =>
  scope.db
    .update(models)
    .set({ owner_user_id: userId, customer_id: customerId, guest_session_hash: null })
    .where(ofTenant(scope, models, eq(models.guest_session_hash, sessionHash), isNull(models.owner_user_id)));
