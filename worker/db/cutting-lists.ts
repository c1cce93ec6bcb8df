import { eq } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { cuttingLists } from "./schema/index.ts";

export const findCuttingListOfOrder = (scope: Scope, orderId: string) =>
  scope.db
    .select()
    .from(cuttingLists)
    .where(ofTenant(scope, cuttingLists, eq(cuttingLists.order_id, orderId)))
    .get();

/** One per order: a second build fails on the unique index and rolls its batch (and its event) back. */
export const insertCuttingListStatement = (scope: Scope, row: { id: string; order_id: string; r2_key: string }) =>
  scope.db.insert(cuttingLists).values({ ...row, tenant_id: scope.tenantId, created_at: Date.now() });
