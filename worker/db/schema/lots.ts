import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, tenants } from "./core.ts";

/** A remnant is the offcut of a bar cut from its parent lot, kept for the next cutting list. */
export const LOT_ORIGINS = ["received", "split", "merge", "remnant"] as const;
export const STOCK_MOVE_KINDS = ["receive", "split", "merge", "consume"] as const;

/**
 * A lot of material (issue 13): what was received from a supplier, or made
 * from other lots by a split or a merge. Its quantity is never stored: it is
 * the sum of its stock moves.
 */
export const lots = sqliteTable(
  "lots",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** LOT-YYYY-NNNNN per tenant and year. */
    lot_number: text("lot_number").notNull(),
    material: text("material").notNull(),
    unit: text("unit").notNull(),
    supplier: text("supplier"),
    supplier_lot: text("supplier_lot"),
    origin: text("origin", { enum: LOT_ORIGINS }).notNull(),
    received_at: integer("received_at").notNull(),
    expires_at: integer("expires_at"),
    /** Certificate number and measured values, as the supplier's papers give them. */
    quality: text("quality", { mode: "json" }).$type<Record<string, unknown>>(),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("lots_tenant_number").on(t.tenant_id, t.lot_number), index("lots_tenant_material").on(t.tenant_id, t.material, t.received_at)],
);

/** Genealogy: a child lot made (in part) from a parent lot, and how much of the parent went into it. */
export const lotLinks = sqliteTable(
  "lot_links",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    parent_lot_id: text("parent_lot_id").notNull(),
    child_lot_id: text("child_lot_id").notNull(),
    quantity_milli: integer("quantity_milli").notNull(),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.parent_lot_id, t.child_lot_id] }), index("lot_links_child").on(t.tenant_id, t.child_lot_id)],
);

/**
 * Append-only stock moves: + in, − out, in thousandths of the lot's unit so
 * sums stay exact. A consumption names the manufacturing order it went into.
 */
export const stockMoves = sqliteTable(
  "stock_moves",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    lot_id: text("lot_id").notNull(),
    kind: text("kind", { enum: STOCK_MOVE_KINDS }).notNull(),
    quantity_milli: integer("quantity_milli").notNull(),
    manufacturing_order_id: text("manufacturing_order_id"),
    created_by: text("created_by"),
    created_at: createdAt(),
  },
  (t) => [index("stock_moves_lot").on(t.tenant_id, t.lot_id), index("stock_moves_mo").on(t.tenant_id, t.manufacturing_order_id)],
);
