import { asc, eq, inArray, sql } from "drizzle-orm";
import type { MoStatus, OperationStatus, RoutingOperation } from "../../engine/production/routing.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { documentNumber } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { manufacturingOrders, } from "./schema/index.ts";

export type ManufacturingOrder = typeof manufacturingOrders.$inferSelect;

export interface NewManufacturingOrder {
  order_id: string;
  quote_item_id: string;
  quantity: number;
  routing: RoutingOperation[];
  bom: unknown;
  qc_checklist: unknown;
  due_at: number;
}

/** Each MO with its number (MO-YYYY-NNNN): counter and row in the caller's batch, so numbers are gapless (decision 2). */
export function insertManufacturingOrderStatements(scope: Scope, rows: NewManufacturingOrder[], now = Date.now()) {
  const year = new Date(now).getUTCFullYear();
  return rows.flatMap((row) => {
    const { advance, number } = documentNumber(scope, "MO", year);
    return [
      advance,
      scope.db.insert(manufacturingOrders).values({
        ...row,
        id: crypto.randomUUID(),
        tenant_id: scope.tenantId,
        number,
        status: "scheduled",
        operations: Object.fromEntries(row.routing.map((o) => [o.code, "pending" as OperationStatus])),
        created_at: now,
        updated_at: now,
      }),
    ];
  });
}

export const manufacturingOrdersOf = (scope: Scope, orderId: string) =>
  scope.db.select().from(manufacturingOrders).where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.order_id, orderId))).orderBy(asc(manufacturingOrders.number));

export const findManufacturingOrder = (scope: Scope, id: string) =>
  scope.db.select().from(manufacturingOrders).where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.id, id))).get();

/** MOs due soonest first (MO numbers break ties). */
export function listManufacturingOrders(scope: Scope, page: PageRequest, filter: { order_id?: string; status?: MoStatus; work_centre?: string }) {
  const { after, orderBy } = keyset(manufacturingOrders.due_at, manufacturingOrders.number, { ...page, order: "oldest" });
  return scope.db
    .select()
    .from(manufacturingOrders)
    .where(
      ofTenant(
        scope,
        manufacturingOrders,
        filter.order_id ? eq(manufacturingOrders.order_id, filter.order_id) : undefined,
        filter.status ? eq(manufacturingOrders.status, filter.status) : undefined,
        // An MO with an operation at that work centre that is not done yet.
        filter.work_centre
          ? sql`EXISTS (SELECT 1 FROM json_each(${manufacturingOrders.routing}) AS op WHERE json_extract(op.value, '$.work_centre') = ${filter.work_centre} AND json_extract(${manufacturingOrders.operations}, '$."' || json_extract(op.value, '$.code') || '"') != 'done')`
          : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (mo) => [mo.due_at, mo.number]));
}

/**
 * Writes an MO's new state only if nobody changed it since it was read (its
 * `updated_at`): the new `updated_at`, or null when someone did, so the caller
 * reads again.
 */
export async function updateManufacturingOrder(scope: Scope, mo: ManufacturingOrder, change: { status: MoStatus; operations: Record<string, OperationStatus> }) {
  const updated_at = Math.max(Date.now(), mo.updated_at + 1);
  const { meta } = await scope.db
    .update(manufacturingOrders)
    .set({ ...change, updated_at })
    .where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.id, mo.id), eq(manufacturingOrders.updated_at, mo.updated_at)))
    .run();
  return meta.changes > 0 ? updated_at : null;
}

/** The MOs with work still to plan: scheduled or in production, earliest due first. */
export const openManufacturingOrders = (scope: Scope) =>
  scope.db
    .select()
    .from(manufacturingOrders)
    .where(ofTenant(scope, manufacturingOrders, inArray(manufacturingOrders.status, ["scheduled", "in_production"])))
    .orderBy(asc(manufacturingOrders.due_at), asc(manufacturingOrders.number))
    .limit(5000);
