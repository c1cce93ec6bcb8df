import { eq } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { specifications } from "./schema/index.ts";

export type Specification = typeof specifications.$inferSelect;

export const findSpecification = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(specifications)
    .where(ofTenant(scope, specifications, eq(specifications.id, id)))
    .get();

/** One per partner request: a second generation for the same request fails on the unique index and rolls its batch back. */
export const insertSpecificationStatement = (scope: Scope, row: Omit<Specification, "tenant_id" | "created_at">) =>
  scope.db.insert(specifications).values({ ...row, tenant_id: scope.tenantId, created_at: Date.now() });
