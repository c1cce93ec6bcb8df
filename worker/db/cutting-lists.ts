import { eq, isNull, sql, type SQL } from "drizzle-orm";
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

/**
 * Marks the list as taken out of stock by the batch holding `token`, only
 * if no batch did before and `onlyIf` holds; `consumedBy(token)` then tells
 * the batch's other statements whether it was this one.
 */
export const claimCuttingListStatement = (scope: Scope, id: string, token: string, now: number, onlyIf: SQL) =>
  scope.db
    .update(cuttingLists)
    .set({ consumed_token: token, consumed_at: now })
    .where(ofTenant(scope, cuttingLists, eq(cuttingLists.id, id), isNull(cuttingLists.consumed_token), onlyIf));

export const consumedBy = (scope: Scope, id: string, token: string): SQL =>
  sql`EXISTS (SELECT 1 FROM ${cuttingLists} WHERE ${ofTenant(scope, cuttingLists, eq(cuttingLists.id, id), eq(cuttingLists.consumed_token, token))})`;
