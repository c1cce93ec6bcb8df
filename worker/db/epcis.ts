import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { EpcisInput } from "../../engine/production/epcis.ts";
import { byKey } from "../../engine/production/genealogy.ts";
import type { Scope } from "./scope.ts";
import { lotLinks, lots, manufacturingOrders, orders, quotes, shipmentLines, shipments, stockMoves } from "./schema/index.ts";

/** What happened to the shop's material between `from` and `to` (inclusive), as engine/production/epcis.ts takes it. */
export async function traceabilityRecords({ db, tenantId }: Scope, from: number, to: number): Promise<Omit<EpcisInput, "base" | "createdAt">> {
  const parent = alias(lots, "parent");
  const inRange = (column: SQLiteColumn) => and(gte(column, from), lte(column, to));
  const [received, made, consumed, shipped] = await Promise.all([
    db
      .select({
        lot_number: lots.lot_number,
        unit: lots.unit,
        supplier: lots.supplier,
        supplier_lot: lots.supplier_lot,
        at: lots.received_at,
        quantity_milli: stockMoves.quantity_milli,
      })
      .from(lots)
      .innerJoin(stockMoves, and(eq(stockMoves.tenant_id, lots.tenant_id), eq(stockMoves.lot_id, lots.id), eq(stockMoves.kind, "receive")))
      .where(and(eq(lots.tenant_id, tenantId), eq(lots.origin, "received"), inRange(lots.received_at))),
    db
      .select({
        lot_number: lots.lot_number,
        unit: lots.unit,
        origin: lots.origin,
        at: lots.created_at,
        parent_number: parent.lot_number,
        quantity_milli: lotLinks.quantity_milli,
      })
      .from(lots)
      .innerJoin(lotLinks, and(eq(lotLinks.tenant_id, lots.tenant_id), eq(lotLinks.child_lot_id, lots.id)))
      .innerJoin(parent, and(eq(parent.tenant_id, lotLinks.tenant_id), eq(parent.id, lotLinks.parent_lot_id)))
      .where(and(eq(lots.tenant_id, tenantId), inArray(lots.origin, ["split", "merge", "remnant"]), inRange(lots.created_at))),
    db
      .select({
        mo_number: manufacturingOrders.number,
        mo_quantity: manufacturingOrders.quantity,
        order_number: orders.number,
        customer_id: quotes.customer_id,
        lot_number: lots.lot_number,
        unit: lots.unit,
        quantity_milli: sql<number>`-SUM(${stockMoves.quantity_milli})`,
        at: sql<number>`MAX(${stockMoves.created_at})`,
      })
      .from(stockMoves)
      .innerJoin(lots, and(eq(lots.tenant_id, stockMoves.tenant_id), eq(lots.id, stockMoves.lot_id)))
      .innerJoin(
        manufacturingOrders,
        and(eq(manufacturingOrders.tenant_id, stockMoves.tenant_id), eq(manufacturingOrders.id, stockMoves.manufacturing_order_id)),
      )
      .innerJoin(orders, and(eq(orders.tenant_id, manufacturingOrders.tenant_id), eq(orders.id, manufacturingOrders.order_id)))
      .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
      .where(and(eq(stockMoves.tenant_id, tenantId), eq(stockMoves.kind, "consume"), gte(stockMoves.created_at, from), lte(stockMoves.created_at, to)))
      .groupBy(manufacturingOrders.id, lots.id),
    db
      .select({
        shipment_number: shipments.number,
        at: shipments.shipped_at,
        order_number: orders.number,
        customer_id: quotes.customer_id,
        mo_number: manufacturingOrders.number,
        quantity: shipmentLines.quantity,
      })
      .from(shipments)
      .innerJoin(shipmentLines, and(eq(shipmentLines.tenant_id, shipments.tenant_id), eq(shipmentLines.shipment_id, shipments.id)))
      .innerJoin(
        manufacturingOrders,
        and(eq(manufacturingOrders.tenant_id, shipmentLines.tenant_id), eq(manufacturingOrders.id, shipmentLines.manufacturing_order_id)),
      )
      .innerJoin(orders, and(eq(orders.tenant_id, shipments.tenant_id), eq(orders.id, shipments.order_id)))
      .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
      .where(and(eq(shipments.tenant_id, tenantId), gte(shipments.shipped_at, from), lte(shipments.shipped_at, to))),
  ]);
  const group = <T, K>(rows: T[], key: (r: T) => K) => [...byKey(rows, key).values()];
  return {
    received: received.map((r) => ({ ...r, quantity: r.quantity_milli / 1000 })),
    made: group(made, (m) => m.lot_number).map((rows) => ({
      lot_number: rows[0].lot_number,
      unit: rows[0].unit,
      origin: rows[0].origin as "split" | "merge" | "remnant",
      at: rows[0].at,
      inputs: rows.map((r) => ({ lot_number: r.parent_number, quantity: r.quantity_milli / 1000 })),
    })),
    consumed: group(consumed, (c) => c.mo_number).map((rows) => ({
      mo_number: rows[0].mo_number,
      mo_quantity: rows[0].mo_quantity,
      order_number: rows[0].order_number,
      customer_id: rows[0].customer_id,
      at: Math.max(...rows.map((r) => r.at)),
      inputs: rows.map((r) => ({ lot_number: r.lot_number, unit: r.unit, quantity: r.quantity_milli / 1000 })),
    })),
    shipped: group(shipped, (s) => s.shipment_number).map((rows) => ({
      shipment_number: rows[0].shipment_number,
      order_number: rows[0].order_number,
      customer_id: rows[0].customer_id,
      at: rows[0].at,
      lines: rows.map((r) => ({ mo_number: r.mo_number, quantity: r.quantity })),
    })),
  };
}
