import type { BatchItem } from "drizzle-orm/batch";
import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { documentNumber } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { manufacturingOrders, type ShipmentPackage, shipmentLines, shipments } from "./schema/index.ts";

/** The aliases the raw SQL below uses, so their tenant predicates come from ofTenant too. */
const moAlias = alias(manufacturingOrders, "mo");
const lineAlias = alias(shipmentLines, "l");

export type Shipment = typeof shipments.$inferSelect;

export interface NewShipment {
  order_id: string;
  carrier: string;
  tracking_number: string | null;
  tracking_url: string | null;
  packages: ShipmentPackage[];
  /** Units per MO: the packages' contents summed. */
  lines: { manufacturing_order_id: string; quantity: number }[];
}

const shippedOf = (scope: Scope, moId: SQL | string) =>
  sql`(SELECT COALESCE(SUM(${shipmentLines.quantity}), 0) FROM ${shipmentLines} WHERE ${ofTenant(scope, shipmentLines, eq(shipmentLines.manufacturing_order_id, moId))})`;

/**
 * Ships work of an order in one batch: the number, the shipment, its lines,
 * and each MO whose every unit is now on its way marked shipped. All of it
 * holds only if, when the batch runs, every MO named is ready, belongs to the
 * order and has that many units not yet shipped — so two shipments at once
 * never send more than was made. Null when that did not hold: nothing written.
 * `alongside` (the MOs' status reports) runs in the same batch.
 */
export async function ship(scope: Scope, row: NewShipment, now: number, alongside: BatchItem<"sqlite">[]): Promise<Shipment | null> {
  const id = crypto.randomUUID();
  const year = new Date(now).getUTCFullYear();
  const room = sql.join(
    row.lines.map(
      (line) =>
        sql`EXISTS (SELECT 1 FROM ${manufacturingOrders} mo WHERE ${ofTenant(scope, moAlias, sql`mo.id = ${line.manufacturing_order_id} AND mo.order_id = ${row.order_id} AND mo.status = 'ready' AND ${shippedOf(scope, line.manufacturing_order_id)} + ${line.quantity} <= mo.quantity`)})`,
    ),
    sql` AND `,
  );
  const made = sql`EXISTS (SELECT 1 FROM ${shipments} WHERE ${ofTenant(scope, shipments, eq(shipments.id, id))})`;
  const { advance, number } = documentNumber(scope, "SHP", year, room);
  const moIds = row.lines.map((l) => l.manufacturing_order_id);
  // insert(…).select(sql) lists every column in table order.
  await scope.db.batch([
    advance,
    scope.db
      .insert(shipments)
      .select(
        sql`SELECT ${id}, ${scope.tenantId}, ${row.order_id}, ${number}, ${row.carrier}, ${row.tracking_number}, ${row.tracking_url}, ${JSON.stringify(row.packages)}, 'shipped', ${now}, NULL, NULL, ${now} WHERE ${room}`,
      ),
    ...row.lines.map((l) =>
      scope.db.insert(shipmentLines).select(sql`SELECT ${scope.tenantId}, ${id}, ${l.manufacturing_order_id}, ${l.quantity} WHERE ${made}`),
    ),
    scope.db
      .update(manufacturingOrders)
      .set({ status: "shipped", updated_at: now })
      .where(
        ofTenant(
          scope,
          manufacturingOrders,
          inArray(manufacturingOrders.id, moIds),
          eq(manufacturingOrders.status, "ready"),
          sql`${made}`,
          sql`${shippedOf(scope, sql`${manufacturingOrders.id}`)} >= ${manufacturingOrders.quantity}`,
        ),
      ),
    ...alongside,
  ]);
  return (
    (await scope.db
      .select()
      .from(shipments)
      .where(ofTenant(scope, shipments, eq(shipments.id, id)))
      .get()) ?? null
  );
}

/** Units of each MO shipped so far. */
export const shippedUnits = (scope: Scope, moIds: string[]) =>
  moIds.length === 0
    ? Promise.resolve([])
    : scope.db
        .select({ manufacturing_order_id: shipmentLines.manufacturing_order_id, quantity: sql<number>`SUM(${shipmentLines.quantity})` })
        .from(shipmentLines)
        .where(ofTenant(scope, shipmentLines, inArray(shipmentLines.manufacturing_order_id, moIds)))
        .groupBy(shipmentLines.manufacturing_order_id);

export const shipmentsOf = (scope: Scope, orderId: string) =>
  scope.db
    .select()
    .from(shipments)
    .where(ofTenant(scope, shipments, eq(shipments.order_id, orderId)))
    .orderBy(asc(shipments.number));

export const findShipment = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(shipments)
    .where(ofTenant(scope, shipments, eq(shipments.id, id)))
    .get();

export const linesOf = (scope: Scope, shipmentIds: string[]) =>
  shipmentIds.length === 0
    ? Promise.resolve([])
    : scope.db
        .select()
        .from(shipmentLines)
        .where(ofTenant(scope, shipmentLines, inArray(shipmentLines.shipment_id, shipmentIds)));

/**
 * Marks a shipment delivered, once, and each of its MOs delivered when all of
 * its units have shipped and every shipment carrying them has arrived;
 * `alongside` (the MOs' status reports) runs in the same batch.
 */
export async function deliver(scope: Scope, shipment: Shipment, receivedBy: string, now: number, alongside: BatchItem<"sqlite">[]) {
  const [marked] = await scope.db.batch([
    scope.db
      .update(shipments)
      .set({ status: "delivered", delivered_at: now, received_by: receivedBy })
      .where(ofTenant(scope, shipments, eq(shipments.id, shipment.id), eq(shipments.status, "shipped"))),
    scope.db
      .update(manufacturingOrders)
      .set({ status: "delivered", updated_at: now })
      .where(
        ofTenant(
          scope,
          manufacturingOrders,
          eq(manufacturingOrders.status, "shipped"),
          sql`${manufacturingOrders.id} IN (SELECT manufacturing_order_id FROM ${shipmentLines} WHERE ${ofTenant(scope, shipmentLines, eq(shipmentLines.shipment_id, shipment.id))})`,
          sql`NOT EXISTS (SELECT 1 FROM ${shipmentLines} l JOIN ${shipments} s ON s.tenant_id = l.tenant_id AND s.id = l.shipment_id WHERE ${ofTenant(scope, lineAlias, sql`l.manufacturing_order_id = ${manufacturingOrders.id} AND s.status != 'delivered'`)})`,
        ),
      ),
    ...alongside,
  ]);
  return marked.meta.changes > 0;
}
