/**
 * The recall view of a lot (issue 13): the forward trace's tree flattened to
 * one row per manufacturing order that consumed the lot or anything made from
 * it, with its order and customer, and the same rows as CSV. Pure.
 */
import type { Schemas } from "../api/typed-client.ts";
import { toCsv } from "../lib/csv.ts";

/** A trace node as the API sends it; its children and parents are trace nodes too (the schema leaves them open). */
export type TraceNode = Omit<Schemas["TraceNode"], "children" | "parents"> & { children?: TraceNode[]; parents?: TraceNode[] };
type MoStatus = NonNullable<TraceNode["consumed_by"]>[number]["manufacturing_order"]["status"];

export interface RecallRow {
  customer: { id: string; name: string } | null;
  order: { id: string; number: string | null };
  mo: { id: string; number: string | null; status: MoStatus; quantity: number; unit_serials: string[] };
  /** The traced lots it consumed, in the order the tree reaches them. */
  lots: { lot_number: string; quantity: number; unit: string }[];
}

/** Shipped or delivered: the units left the shop and the customer must be told. */
export const reachedCustomer = (status: MoStatus) => status === "shipped" || status === "delivered";

/**
 * One row per MO, sorted by customer, order and MO. A merged lot sits under
 * each of its parents in the tree, so a lot reached twice is counted once.
 */
export function recallRows(root: TraceNode): RecallRow[] {
  const rows = new Map<string, RecallRow>();
  const seen = new Set<string>();
  const visit = (n: TraceNode) => {
    if (seen.has(n.lot_number)) return;
    seen.add(n.lot_number);
    for (const u of n.consumed_by ?? []) {
      const row = rows.get(u.manufacturing_order.id) ?? { customer: u.customer, order: u.order, mo: u.manufacturing_order, lots: [] };
      row.lots.push({ lot_number: n.lot_number, quantity: u.quantity, unit: n.unit });
      rows.set(u.manufacturing_order.id, row);
    }
    for (const child of n.children ?? []) visit(child);
  };
  visit(root);
  const key = (r: RecallRow) => [r.customer?.name ?? "", r.order.number ?? r.order.id, r.mo.number ?? r.mo.id];
  return [...rows.values()].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.map((k, i) => k.localeCompare(kb[i])).find((c) => c !== 0) ?? 0;
  });
}

/** The counts above the table: customers and orders to contact, MOs and units, and how many of those units have left the shop. */
export function recallCounts(rows: readonly RecallRow[]) {
  const sum = (rs: readonly RecallRow[]) => rs.reduce((s, r) => s + r.mo.quantity, 0);
  return {
    customers: new Set(rows.flatMap((r) => (r.customer ? [r.customer.id] : []))).size,
    orders: new Set(rows.map((r) => r.order.id)).size,
    manufacturingOrders: rows.length,
    units: sum(rows),
    unitsShipped: sum(rows.filter((r) => reachedCustomer(r.mo.status))),
  };
}

export const lotsUsed = (r: RecallRow) => r.lots.map((l) => `${l.lot_number}: ${l.quantity} ${l.unit}`).join("; ");

export const RECALL_CSV_HEADER = ["Customer", "Order", "Manufacturing order", "Units", "Status", "Lots used", "Serial numbers"] as const;

export const recallCsv = (rows: readonly RecallRow[]) =>
  toCsv([
    RECALL_CSV_HEADER,
    ...rows.map((r) => [
      r.customer?.name ?? "",
      r.order.number ?? r.order.id,
      r.mo.number ?? r.mo.id,
      r.mo.quantity,
      r.mo.status.replace("_", " "),
      lotsUsed(r),
      r.mo.unit_serials.join(" "),
    ]),
  ]);

/** A lot in the page's genealogy tree: the MOs that used it by id, number and quantity only (their orders and customers are in the recall rows). */
export interface TreeLot {
  lot_number: string;
  origin: string;
  material: string;
  unit: string;
  quantity: number | null;
  used: { id: string; number: string | null; quantity: number }[];
  children: TreeLot[];
}

/** The forward trace cut to what the tree draws: a big lot's page carries each consumption's order and customer once, in the rows, not per lot. */
export const treeOf = (n: TraceNode): TreeLot => ({
  lot_number: n.lot_number,
  origin: n.origin,
  material: n.material,
  unit: n.unit,
  quantity: n.quantity,
  used: (n.consumed_by ?? []).map((u) => ({ id: u.manufacturing_order.id, number: u.manufacturing_order.number, quantity: u.quantity })),
  children: (n.children ?? []).map(treeOf),
});

/** A lot's page. */
export const lotPath = (lotNumber: string) => `/production/lots/${encodeURIComponent(lotNumber)}`;
