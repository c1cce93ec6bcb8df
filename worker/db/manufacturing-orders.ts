import { asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { WORKING_STATUSES, type MoStatus, type OperationStatus, type RoutingOperation } from "../../engine/production/routing.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { documentNumber } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { manufacturingOrders } from "./schema/index.ts";

export type ManufacturingOrder = typeof manufacturingOrders.$inferSelect;

export interface NewManufacturingOrder {
  /** Derived from the order line (production/create.ts), so every path that plans the line names the same MO. */
  id: string;
  order_id: string;
  quote_item_id: string;
  quantity: number;
  routing: RoutingOperation[];
  bom: unknown;
  qc_checklist: unknown;
  due_at: number;
}

/**
 * Each MO with its number (MO-YYYY-NNNN): counter and row in the caller's batch, so numbers are gapless (decision 2).
 * An order line that has its MO already (the order's job and a partner's
 * `manufacturing.order_created` may both plan it) neither bumps the counter nor gets a second one.
 */
export function insertManufacturingOrderStatements(scope: Scope, rows: NewManufacturingOrder[], now = Date.now()) {
  const year = new Date(now).getUTCFullYear();
  return rows.flatMap((row) => {
    const planned = sql`EXISTS (SELECT 1 FROM ${manufacturingOrders} WHERE ${ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.order_id, row.order_id), eq(manufacturingOrders.quote_item_id, row.quote_item_id))})`;
    const { advance, number } = documentNumber(scope, "MO", year, sql`NOT ${planned}`);
    return [
      advance,
      scope.db
        .insert(manufacturingOrders)
        .values({
          ...row,
          tenant_id: scope.tenantId,
          number,
          status: "scheduled",
          operations: Object.fromEntries(row.routing.map((o) => [o.code, "pending" as OperationStatus])),
          created_at: now,
          updated_at: now,
        })
        .onConflictDoNothing({ target: [manufacturingOrders.tenant_id, manufacturingOrders.order_id, manufacturingOrders.quote_item_id] }),
    ];
  });
}

export const manufacturingOrdersOf = (scope: Scope, orderId: string) =>
  scope.db
    .select()
    .from(manufacturingOrders)
    .where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.order_id, orderId)))
    .orderBy(asc(manufacturingOrders.number));

export const findManufacturingOrder = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(manufacturingOrders)
    .where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.id, id)))
    .get();

/** An MO by its id or its number (`MO-2026-0001`), as partners may know either. */
export const findManufacturingOrderByRef = (scope: Scope, ref: string) =>
  scope.db
    .select()
    .from(manufacturingOrders)
    .where(ofTenant(scope, manufacturingOrders, or(eq(manufacturingOrders.id, ref), eq(manufacturingOrders.number, ref))))
    .get();

export const findManufacturingOrders = (scope: Scope, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : scope.db
        .select()
        .from(manufacturingOrders)
        .where(ofTenant(scope, manufacturingOrders, inArray(manufacturingOrders.id, ids)))
        .orderBy(asc(manufacturingOrders.number));

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
 * `updated_at`), for the caller's batch; `updated_at` is what the row holds
 * after, so the caller can tell whether it won (statusIs) and reads again if not.
 */
export function updateManufacturingOrderStatement(
  scope: Scope,
  mo: ManufacturingOrder,
  change: { status: MoStatus; operations: Record<string, OperationStatus> },
) {
  const updated_at = Math.max(Date.now(), mo.updated_at + 1);
  const statement = scope.db
    .update(manufacturingOrders)
    .set({ ...change, updated_at })
    .where(ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.id, mo.id), eq(manufacturingOrders.updated_at, mo.updated_at)));
  return { statement, updated_at };
}

/** Holds, inside a batch, when the MO is in `status` as written at `updatedAt`: the condition for reporting a change once it is made. */
export const statusIs = (scope: Scope, id: string, status: MoStatus, updatedAt: number): SQL =>
  sql`EXISTS (SELECT 1 FROM ${manufacturingOrders} WHERE ${ofTenant(scope, manufacturingOrders, eq(manufacturingOrders.id, id), eq(manufacturingOrders.status, status), eq(manufacturingOrders.updated_at, updatedAt))})`;

/** The MOs with work still to plan: scheduled or in production, earliest due first. */
export const openManufacturingOrders = (scope: Scope) =>
  scope.db
    .select()
    .from(manufacturingOrders)
    .where(ofTenant(scope, manufacturingOrders, inArray(manufacturingOrders.status, WORKING_STATUSES)))
    .orderBy(asc(manufacturingOrders.due_at), asc(manufacturingOrders.number))
    .limit(5000);
