import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { unitSerials } from "../../engine/production/units.ts";
import type { ManufacturingOrder } from "./manufacturing-orders.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { manufacturingOrders, units } from "./schema/index.ts";

/**
 * The serials of the units an MO made, written if `onlyIf` holds when the
 * batch runs; an MO that becomes ready again (after a hold) keeps the serials
 * it has.
 */
export const insertUnitsStatement = (scope: Scope, mo: Pick<ManufacturingOrder, "id" | "number" | "quantity">, onlyIf: SQL) =>
  scope.db
    .insert(units)
    .select(
      sql`SELECT ${mo.id} || '-' || (key + 1), ${scope.tenantId}, value, ${mo.id}, key + 1, ${Date.now()} FROM json_each(${JSON.stringify(unitSerials(mo.number, mo.quantity))}) WHERE ${onlyIf}`,
    )
    .onConflictDoNothing();

/** The serials of each of these MOs' units, in order. */
export async function unitsOf(scope: Scope, moIds: string[]) {
  const rows =
    moIds.length === 0
      ? []
      : await scope.db
          .select({ manufacturing_order_id: units.manufacturing_order_id, serial: units.serial })
          .from(units)
          .where(ofTenant(scope, units, inArray(units.manufacturing_order_id, moIds)))
          .orderBy(asc(units.manufacturing_order_id), asc(units.sequence));
  const of = new Map<string, string[]>();
  for (const r of rows) of.set(r.manufacturing_order_id, [...(of.get(r.manufacturing_order_id) ?? []), r.serial]);
  return of;
}

/** A unit by its serial, with the MO that made it. */
export const findUnit = (scope: Scope, serial: string) =>
  scope.db
    .select({ serial: units.serial, sequence: units.sequence, created_at: units.created_at, manufacturing_order: manufacturingOrders })
    .from(units)
    .innerJoin(manufacturingOrders, and(eq(manufacturingOrders.tenant_id, units.tenant_id), eq(manufacturingOrders.id, units.manufacturing_order_id)))
    .where(ofTenant(scope, units, eq(units.serial, serial)))
    .get();
