import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { lots, materials } from "./schema/index.ts";

export type Material = typeof materials.$inferSelect;
export type MaterialWithStock = Material & { stock_milli: number };

const l = alias(lots, "l");

/** What a material's lots in its own unit hold now: the sum of their stock moves (outer columns named in full: the subquery has its own `unit`). */
const stockOf = (scope: Scope) =>
  sql<number>`(SELECT COALESCE(SUM(m.quantity_milli), 0) FROM lots l JOIN stock_moves m ON m.tenant_id = l.tenant_id AND m.lot_id = l.id WHERE ${ofTenant(
    scope,
    l,
    sql`l.material = "materials"."code" AND l.unit = "materials"."unit"`,
  )})`;

const withStock = (scope: Scope) => ({
  id: materials.id,
  tenant_id: materials.tenant_id,
  code: materials.code,
  name: materials.name,
  kind: materials.kind,
  unit: materials.unit,
  reorder_point_milli: materials.reorder_point_milli,
  created_at: materials.created_at,
  updated_at: materials.updated_at,
  stock_milli: stockOf(scope),
});

/** A page of the shop's materials with their stock; `belowReorderPoint`: only those to order now. */
export function listMaterials(scope: Scope, page: PageRequest, filter: { belowReorderPoint?: boolean }) {
  const { after, orderBy } = keyset(materials.created_at, materials.id, { ...page, order: "oldest" });
  const below = filter.belowReorderPoint ? and(isNotNull(materials.reorder_point_milli), lt(stockOf(scope), materials.reorder_point_milli)) : undefined;
  return scope.db
    .select(withStock(scope))
    .from(materials)
    .where(ofTenant(scope, materials, after, below))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows as MaterialWithStock[], page.limit, (m) => [m.created_at, m.id]));
}

/** How many materials are below their reorder point (the board's alert). */
export const countBelowReorderPoint = (scope: Scope) =>
  scope.db
    .select({ n: sql<number>`count(*)` })
    .from(materials)
    .where(ofTenant(scope, materials, isNotNull(materials.reorder_point_milli), lt(stockOf(scope), materials.reorder_point_milli)))
    .get()
    .then((r) => r?.n ?? 0);

export const findMaterial = (scope: Scope, id: string) =>
  scope.db
    .select(withStock(scope))
    .from(materials)
    .where(ofTenant(scope, materials, eq(materials.id, id)))
    .get() as Promise<MaterialWithStock | undefined>;

export async function insertMaterial(
  scope: Scope,
  m: { code: string; name: string; kind: Material["kind"]; unit: string; reorder_point_milli: number | null },
) {
  const id = crypto.randomUUID();
  const now = Date.now();
  await scope.db.insert(materials).values({ ...m, id, tenant_id: scope.tenantId, created_at: now, updated_at: now });
  return id;
}

export const updateMaterial = (scope: Scope, id: string, change: Partial<Pick<Material, "name" | "kind" | "reorder_point_milli">>) =>
  scope.db
    .update(materials)
    .set({ ...change, updated_at: Date.now() })
    .where(ofTenant(scope, materials, eq(materials.id, id)));
