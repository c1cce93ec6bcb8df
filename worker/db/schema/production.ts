import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { MoStatus, OperationStatus, RoutingOperation } from "../../../engine/production/routing.ts";
import { createdAt, tenants } from "./core.ts";

/**
 * One manufacturing order per order line (issue 13): its routing, the status
 * of each operation, and what it is made from, frozen when the order is placed.
 */
export const manufacturingOrders = sqliteTable(
  "manufacturing_orders",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    order_id: text("order_id").notNull(),
    quote_item_id: text("quote_item_id").notNull(),
    /** MO-YYYY-NNNN, gapless per tenant and year (decision 2). */
    number: text("number").notNull(),
    status: text("status").$type<MoStatus>().notNull(),
    quantity: integer("quantity").notNull(),
    routing: text("routing", { mode: "json" }).$type<RoutingOperation[]>().notNull(),
    operations: text("operations", { mode: "json" }).$type<Record<string, OperationStatus>>().notNull(),
    /** The configured product's bill of materials and QC checklist; null for uploaded parts. */
    bom: text("bom", { mode: "json" }).$type<unknown>(),
    qc_checklist: text("qc_checklist", { mode: "json" }).$type<unknown>(),
    due_at: integer("due_at").notNull(),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("mo_tenant_order_item").on(t.tenant_id, t.order_id, t.quote_item_id),
    uniqueIndex("mo_tenant_number").on(t.tenant_id, t.number),
    index("mo_tenant_status").on(t.tenant_id, t.status, t.due_at),
  ],
);
