/**
 * Lot genealogy as trees (issue 13): the rows a recursive query returns (each
 * lot once, each parent→child link once) turned into the forward tree of a
 * lot (what was made from it, down to the orders it went into) or the
 * backward tree (what it was made from). Lots are only ever made from older
 * lots, so the links form a DAG: a merged lot appears under each of its parents.
 */
export interface LotRow {
  id: string;
  lot_number: string;
  material: string;
  unit: string;
  origin: string;
  received_at: number;
}

export interface LinkRow {
  parent_id: string;
  child_id: string;
  quantity: number;
}

export interface ConsumptionRow {
  lot_id: string;
  quantity: number;
  /** Status: where the MO stands (shipped, delivered...); quantity: the units it makes. */
  manufacturing_order: { id: string; number: string; status: string; quantity: number; unit_serials: string[] };
  order: { id: string; number: string | null };
  customer: { id: string; name: string } | null;
}

export interface TraceNode {
  lot_number: string;
  material: string;
  unit: string;
  origin: string;
  received_at: number;
  /** How much of the parent (forward) or of this lot (backward) the link carried; null at the root. */
  quantity: number | null;
  children?: TraceNode[];
  parents?: TraceNode[];
  consumed_by?: Omit<ConsumptionRow, "lot_id">[];
}

const node = (lot: LotRow, quantity: number | null): TraceNode => ({
  lot_number: lot.lot_number,
  material: lot.material,
  unit: lot.unit,
  origin: lot.origin,
  received_at: lot.received_at,
  quantity,
});

/** Rows by a key, in their order: one pass. */
export const byKey = <T, K>(rows: readonly T[], key: (r: T) => K) => {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
};

/** What became of `rootId`: child lots, recursively, each with the manufacturing orders that consumed it. */
export function forwardTree(rootId: string, lots: readonly LotRow[], links: readonly LinkRow[], consumptions: readonly ConsumptionRow[]) {
  const lot = new Map(lots.map((l) => [l.id, l]));
  const children = byKey(links, (l) => l.parent_id);
  const used = byKey(consumptions, (c) => c.lot_id);
  const build = (id: string, quantity: number | null): TraceNode => ({
    ...node(lot.get(id)!, quantity),
    children: (children.get(id) ?? []).map((l) => build(l.child_id, l.quantity)),
    consumed_by: (used.get(id) ?? []).map(({ lot_id: _lot, ...c }) => c),
  });
  const orders = new Map(consumptions.map((c) => [c.order.id, c.order]));
  const customers = new Map(consumptions.flatMap((c) => (c.customer ? [[c.customer.id, c.customer] as const] : [])));
  return { lot: build(rootId, null), affected: { orders: [...orders.values()], customers: [...customers.values()] } };
}

/** Where `rootId` came from: its parent lots, recursively, back to what was received. */
export function backwardTree(rootId: string, quantity: number | null, lots: readonly LotRow[], links: readonly LinkRow[]): TraceNode {
  const lot = new Map(lots.map((l) => [l.id, l]));
  const parents = byKey(links, (l) => l.child_id);
  const build = (id: string, q: number | null): TraceNode => ({
    ...node(lot.get(id)!, q),
    parents: (parents.get(id) ?? []).map((l) => build(l.parent_id, l.quantity)),
  });
  return build(rootId, quantity);
}
