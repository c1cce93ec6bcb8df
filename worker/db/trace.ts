import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ConsumptionRow, LinkRow, LotRow } from "../../engine/production/genealogy.ts";
import type { MoStatus } from "../../engine/production/routing.ts";
import { unitSerials, unitsMade } from "../../engine/production/units.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { lotLinks, lots, stockMoves } from "./schema/index.ts";

/** The aliases the raw SQL below uses, so their tenant predicates come from ofTenant too. */
const k = alias(lotLinks, "k");
const l = alias(lots, "l");
const m = alias(stockMoves, "m");

/**
 * Lot genealogy by recursive queries (issue 13). Links only ever point from
 * older lots to newer ones, so the walk ends without a depth guard; UNION
 * keeps each link once however many paths reach it. CROSS JOIN keeps the tree
 * outermost: D1's planner otherwise scans the shop's links for every step. Quantities come out in
 * the lot's unit (the tables keep thousandths).
 */
const linksCte = (scope: Scope, roots: SQL, direction: "forward" | "backward") =>
  direction === "forward"
    ? sql`WITH RECURSIVE tree(id, parent_id, child_id, quantity_milli) AS (
        SELECT id, NULL, NULL, NULL FROM lots WHERE ${ofTenant(scope, lots, sql`id IN (${roots})`)}
        UNION
        SELECT k.child_lot_id, k.parent_lot_id, k.child_lot_id, k.quantity_milli FROM tree CROSS JOIN lot_links k ON ${ofTenant(scope, k, sql`k.parent_lot_id = tree.id`)})`
    : sql`WITH RECURSIVE tree(id, parent_id, child_id, quantity_milli) AS (
        SELECT id, NULL, NULL, NULL FROM lots WHERE ${ofTenant(scope, lots, sql`id IN (${roots})`)}
        UNION
        SELECT k.parent_lot_id, k.parent_lot_id, k.child_lot_id, k.quantity_milli FROM tree CROSS JOIN lot_links k ON ${ofTenant(scope, k, sql`k.child_lot_id = tree.id`)})`;

type TreeRow = {
  id: string;
  parent_id: string | null;
  child_id: string | null;
  quantity_milli: number | null;
  lot_number: string;
  material: string;
  unit: string;
  origin: string;
  received_at: number;
};

async function walk(scope: Scope, roots: SQL, direction: "forward" | "backward") {
  const rows = await scope.db.all<TreeRow>(sql`${linksCte(scope, roots, direction)}
    SELECT tree.id, tree.parent_id, tree.child_id, tree.quantity_milli, l.lot_number, l.material, l.unit, l.origin, l.received_at
    FROM tree JOIN lots l ON ${ofTenant(scope, l, sql`l.id = tree.id`)}`);
  const lots = new Map<string, LotRow>(
    rows.map((r) => [r.id, { id: r.id, lot_number: r.lot_number, material: r.material, unit: r.unit, origin: r.origin, received_at: r.received_at }]),
  );
  const links: LinkRow[] = rows
    .filter((r) => r.parent_id !== null && r.child_id !== null)
    .map((r) => ({ parent_id: r.parent_id!, child_id: r.child_id!, quantity: (r.quantity_milli ?? 0) / 1000 }));
  return { lots: [...lots.values()], links };
}

type ConsumptionSqlRow = {
  lot_id: string;
  quantity_milli: number;
  mo_id: string;
  mo_number: string;
  mo_status: MoStatus;
  mo_quantity: number;
  order_id: string;
  order_number: string | null;
  customer_id: string | null;
  customer_name: string | null;
};

/** A lot, everything made from it, and every manufacturing order (with its order and customer) that consumed any of them. */
export async function forwardGenealogy(scope: Scope, lotId: string) {
  const roots = sql`${lotId}`;
  const [tree, used] = await Promise.all([
    walk(scope, roots, "forward"),
    scope.db.all<ConsumptionSqlRow>(sql`${linksCte(scope, roots, "forward")}
      SELECT m.lot_id, -SUM(m.quantity_milli) AS quantity_milli, mo.id AS mo_id, mo.number AS mo_number, mo.status AS mo_status, mo.quantity AS mo_quantity, o.id AS order_id, o.number AS order_number, c.id AS customer_id, c.name AS customer_name
      FROM stock_moves m
      JOIN manufacturing_orders mo ON mo.tenant_id = m.tenant_id AND mo.id = m.manufacturing_order_id
      JOIN orders o ON o.tenant_id = mo.tenant_id AND o.id = mo.order_id
      JOIN quotes q ON q.tenant_id = o.tenant_id AND q.id = o.quote_id
      LEFT JOIN customers c ON c.tenant_id = q.tenant_id AND c.id = q.customer_id
      WHERE ${ofTenant(scope, m, sql`m.kind = 'consume' AND m.lot_id IN (SELECT DISTINCT id FROM tree)`)}
      GROUP BY m.lot_id, mo.id ORDER BY mo.number`),
  ]);
  const consumptions: ConsumptionRow[] = used.map((r) => ({
    lot_id: r.lot_id,
    quantity: r.quantity_milli / 1000,
    manufacturing_order: {
      id: r.mo_id,
      number: r.mo_number,
      status: r.mo_status,
      quantity: r.mo_quantity,
      unit_serials: unitsMade(r.mo_status) ? unitSerials(r.mo_number, r.mo_quantity) : [],
    },
    order: { id: r.order_id, number: r.order_number },
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? "" } : null,
  }));
  return { ...tree, consumptions };
}

/** The lots `lotIds` were made from, back to what was received. */
export const backwardGenealogy = (scope: Scope, lotIds: string[]) =>
  walk(
    scope,
    sql.join(
      lotIds.map((id) => sql`${id}`),
      sql`, `,
    ),
    "backward",
  );
