import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { CheckResult, OverallStatus } from "../../../engine/production/qc.ts";
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
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
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

/**
 * A unit an MO made, by its serial number (engine/production/units.ts),
 * written when the MO becomes ready; the lots it was made from are the MO's.
 */
export const units = sqliteTable(
  "units",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    serial: text("serial").notNull(),
    manufacturing_order_id: text("manufacturing_order_id").notNull(),
    /** 1 … the MO's quantity. */
    sequence: integer("sequence").notNull(),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("units_tenant_serial").on(t.tenant_id, t.serial), uniqueIndex("units_tenant_mo").on(t.tenant_id, t.manufacturing_order_id, t.sequence)],
);

/** A QC checkpoint recorded against a manufacturing order: the inspector's checks as evaluated by engine/production/qc.ts. */
export const qcCheckpoints = sqliteTable(
  "qc_checkpoints",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    manufacturing_order_id: text("manufacturing_order_id").notNull(),
    stage: text("stage").notNull(),
    inspector_name: text("inspector_name").notNull(),
    overall_status: text("overall_status").$type<OverallStatus>().notNull(),
    checks: text("checks", { mode: "json" }).$type<CheckResult[]>().notNull(),
    created_by: text("created_by"),
    created_at: createdAt(),
  },
  (t) => [index("qc_tenant_mo").on(t.tenant_id, t.manufacturing_order_id, t.created_at), index("qc_tenant_created").on(t.tenant_id, t.created_at)],
);

/** Opened by each failed check of a checkpoint; holds the stage's operation until closed with a note. */
export const correctiveActions = sqliteTable(
  "corrective_actions",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    manufacturing_order_id: text("manufacturing_order_id").notNull(),
    checkpoint_id: text("checkpoint_id").notNull(),
    description: text("description").notNull(),
    owner: text("owner"),
    due_at: integer("due_at"),
    closed_at: integer("closed_at"),
    closed_note: text("closed_note"),
    created_at: createdAt(),
  },
  (t) => [index("ca_tenant_mo").on(t.tenant_id, t.manufacturing_order_id, t.closed_at), index("ca_tenant_checkpoint").on(t.tenant_id, t.checkpoint_id)],
);

/** A photo taken at a QC checkpoint, optionally of one of its checks; the image itself is in R2 under `r2_key`. */
export const qcPhotos = sqliteTable(
  "qc_photos",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    manufacturing_order_id: text("manufacturing_order_id").notNull(),
    checkpoint_id: text("checkpoint_id").notNull(),
    check_id: text("check_id"),
    content_type: text("content_type").notNull(),
    size_bytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    r2_key: text("r2_key").notNull(),
    uploaded_by: text("uploaded_by"),
    created_at: createdAt(),
  },
  (t) => [index("qc_photos_tenant_mo").on(t.tenant_id, t.manufacturing_order_id, t.created_at)],
);

export interface ShipmentPackage {
  contents: { manufacturing_order_id: string; quantity: number }[];
  length_mm: number;
  width_mm: number;
  height_mm: number;
  weight_kg: number;
}

/** A consignment of an order's finished work (issue 13); an order may ship in parts. */
export const shipments = sqliteTable(
  "shipments",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    order_id: text("order_id").notNull(),
    /** SHP-YYYY-NNNN, gapless per tenant and year. */
    number: text("number").notNull(),
    carrier: text("carrier").notNull(),
    tracking_number: text("tracking_number"),
    tracking_url: text("tracking_url"),
    packages: text("packages", { mode: "json" }).$type<ShipmentPackage[]>().notNull(),
    status: text("status", { enum: ["shipped", "delivered"] }).notNull(),
    shipped_at: integer("shipped_at").notNull(),
    delivered_at: integer("delivered_at"),
    received_by: text("received_by"),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("shipments_tenant_number").on(t.tenant_id, t.number), index("shipments_tenant_order").on(t.tenant_id, t.order_id)],
);

/** How many units of each MO a shipment carries: what keeps a shipment from sending more than was made. */
export const shipmentLines = sqliteTable(
  "shipment_lines",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    shipment_id: text("shipment_id").notNull(),
    manufacturing_order_id: text("manufacturing_order_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.shipment_id, t.manufacturing_order_id] }),
    index("shipment_lines_mo").on(t.tenant_id, t.manufacturing_order_id),
  ],
);
