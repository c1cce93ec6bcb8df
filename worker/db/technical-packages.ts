import { atHome } from "./shards.ts";
import { and, eq, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import { technicalPackages, type TechnicalPackageStatus } from "./schema/index.ts";
import { ofTenant, type Scope } from "./scope.ts";

export type TechnicalPackage = typeof technicalPackages.$inferSelect;

export const findTechnicalPackage = (scope: Scope, quoteId: string) =>
  scope.db.query.technicalPackages.findFirst({ where: ofTenant(scope, technicalPackages, eq(technicalPackages.quote_id, quoteId)) });

/** Asks for a (re)build: the quote's row goes to `queued`, keeping the files of its last build until the next is ready. */
export const requestTechnicalPackage = (scope: Scope, quoteId: string) =>
  scope.db
    .insert(technicalPackages)
    .values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, quote_id: quoteId, status: "queued", requested_at: Date.now(), updated_at: Date.now() })
    .onConflictDoUpdate({
      target: [technicalPackages.tenant_id, technicalPackages.quote_id],
      set: { status: "queued", attempts: 0, error_code: null, error_message: null, requested_at: Date.now(), finished_at: null, updated_at: Date.now() },
    });

/** Moves the row from one of `from` to the new state; false when it was not in one of them (another request came first). */
export async function transitionTechnicalPackage(
  scope: Scope,
  quoteId: string,
  from: TechnicalPackageStatus[],
  set: Partial<Omit<TechnicalPackage, "id" | "tenant_id" | "quote_id">>,
  ...conditions: SQL[]
): Promise<boolean> {
  const result = await transitionTechnicalPackageStatement(scope, quoteId, from, set, ...conditions).run();
  return result.meta.changes > 0;
}

export const transitionTechnicalPackageStatement = (
  scope: Scope,
  quoteId: string,
  from: TechnicalPackageStatus[],
  set: Partial<Omit<TechnicalPackage, "id" | "tenant_id" | "quote_id">>,
  ...conditions: SQL[]
) =>
  scope.db
    .update(technicalPackages)
    .set({ updated_at: Date.now(), ...set })
    .where(ofTenant(scope, technicalPackages, eq(technicalPackages.quote_id, quoteId), inArray(technicalPackages.status, from), ...conditions));

/** The row is as the sweep read it: nothing changed it since (a late build wins over the sweep). */
export const unchangedSince = (updatedAt: number) => eq(technicalPackages.updated_at, updatedAt);

/** Packages of every tenant queued or building with no change since `olderThan` (the sweep); served by the partial index. */
export const strandedTechnicalPackages = (db: Db, olderThan: number, limit: number) =>
  db
    .select({
      tenant_id: technicalPackages.tenant_id,
      quote_id: technicalPackages.quote_id,
      status: technicalPackages.status,
      attempts: technicalPackages.attempts,
      updated_at: technicalPackages.updated_at,
    })
    .from(technicalPackages)
    .where(and(inArray(technicalPackages.status, ["queued", "building"]), lt(technicalPackages.updated_at, olderThan), atHome(technicalPackages)))
    .limit(limit);
