import { and, eq } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { cuttingLists } from "./schema/index.ts";

export const findCuttingListOfOrder = ({ db, tenantId }: Scope, orderId: string) =>
  db.select().from(cuttingLists).where(and(eq(cuttingLists.tenant_id, tenantId), eq(cuttingLists.order_id, orderId))).get();

/** One per order: a second build fails on the unique index and rolls its batch (and its event) back. */
export const insertCuttingListStatement = ({ db, tenantId }: Scope, row: { id: string; order_id: string; r2_key: string }) =>
  db.insert(cuttingLists).values({ ...row, tenant_id: tenantId, created_at: Date.now() });
