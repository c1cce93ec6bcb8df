import { eq } from "drizzle-orm";
import { visibleTo, type Viewer } from "./viewer.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
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

export function listModels(scope: Scope, viewer: Viewer, page: PageRequest) {
  const { after, orderBy } = keyset(models.created_at, models.id, page);
  return scope.db
    .select()
    .from(models)
    .where(ofTenant(scope, models, visibleTo(models, viewer), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (m) => [m.created_at, m.id]));
}

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
