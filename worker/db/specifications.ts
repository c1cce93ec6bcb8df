import { and, eq } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { specifications } from "./schema/index.ts";

export type Specification = typeof specifications.$inferSelect;

export const findSpecification = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(specifications).where(and(eq(specifications.tenant_id, tenantId), eq(specifications.id, id))).get();

/** One per partner request: a second generation for the same request fails on the unique index and rolls its batch back. */
export const insertSpecificationStatement = ({ db, tenantId }: Scope, row: Omit<Specification, "tenant_id" | "created_at">) =>
  db.insert(specifications).values({ ...row, tenant_id: tenantId, created_at: Date.now() });
