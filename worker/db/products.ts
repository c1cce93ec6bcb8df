import { asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { visibleTo, type Viewer } from "./viewer.ts";
import { configurations, jobs, products, productSchemas, type JobStatus } from "./schema/index.ts";

export type Product = typeof products.$inferSelect;
export type Configuration = typeof configurations.$inferSelect;
export type Job = typeof jobs.$inferSelect;

export async function insertProduct(
  scope: Scope,
  p: { name: string; description: string | null; generator_key: string; params: Record<string, unknown> | null; config_schema: Record<string, unknown> },
) {
  const id = crypto.randomUUID();
  const now = Date.now();
  const { config_schema, ...row } = p;
  await scope.db.batch([
    scope.db.insert(products).values({ ...row, id, tenant_id: scope.tenantId, schema_version: 1, created_at: now, updated_at: now }),
    scope.db.insert(productSchemas).values({ tenant_id: scope.tenantId, product_id: id, version: 1, config_schema }),
  ]);
  return id;
}

/** A new schema version is a new row; the product points at it. Older configurations keep theirs. */
export async function updateProduct(
  scope: Scope,
  product: Product,
  set: { name?: string; description?: string | null; params?: Record<string, unknown> | null; active?: boolean; config_schema?: Record<string, unknown> },
) {
  const { config_schema, ...fields } = set;
  const version = config_schema ? product.schema_version + 1 : product.schema_version;
  const where = ofTenant(scope, products, eq(products.id, product.id));
  const update = scope.db
    .update(products)
    .set({ ...fields, schema_version: version, updated_at: Date.now() })
    .where(where);
  if (config_schema)
    await scope.db.batch([scope.db.insert(productSchemas).values({ tenant_id: scope.tenantId, product_id: product.id, version, config_schema }), update]);
  else await update;
}

export const findProduct = (scope: Scope, id: string) => scope.db.query.products.findFirst({ where: ofTenant(scope, products, eq(products.id, id)) });

/** An active product named by a partner: its id, or its name (case-insensitive; the oldest wins if two share one). */
export const findProductByRef = (scope: Scope, ref: string) =>
  scope.db.query.products.findFirst({
    where: ofTenant(scope, products, eq(products.active, true), or(eq(products.id, ref), sql`lower(${products.name}) = lower(${ref.trim()})`)),
    orderBy: [asc(products.created_at)],
  });

export const listProducts = (scope: Scope, onlyActive: boolean) =>
  scope.db
    .select()
    .from(products)
    .where(ofTenant(scope, products, onlyActive ? eq(products.active, true) : undefined))
    .orderBy(asc(products.name));

export const productSchema = (scope: Scope, productId: string, version: number) =>
  scope.db.query.productSchemas.findFirst({
    where: ofTenant(scope, productSchemas, eq(productSchemas.product_id, productId), eq(productSchemas.version, version)),
  });

export const listProductSchemas = (scope: Scope, productId: string) =>
  scope.db
    .select()
    .from(productSchemas)
    .where(ofTenant(scope, productSchemas, eq(productSchemas.product_id, productId)))
    .orderBy(desc(productSchemas.version));

export type NewConfiguration = Omit<typeof configurations.$inferInsert, "tenant_id" | "id" | "created_at">;

export async function insertConfiguration(scope: Scope, row: NewConfiguration) {
  const full = { ...row, id: crypto.randomUUID(), tenant_id: scope.tenantId, created_at: Date.now() };
  await scope.db.insert(configurations).values(full);
  return full;
}

/** A configuration row for a caller's batch, under an id the caller chose. */
export const insertConfigurationStatement = (scope: Scope, row: NewConfiguration & { id: string }) =>
  scope.db.insert(configurations).values({ ...row, tenant_id: scope.tenantId, created_at: Date.now() });

/** D1 binds at most 100 parameters per statement: lookups by many ids go in chunks. */
const ID_CHUNK = 90;
async function byIds<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>) {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(...(await query(ids.slice(i, i + ID_CHUNK))));
  return out;
}

/** Several configurations (any viewer's: for the shop's own jobs), products and their schemas, each in one query per chunk of ids. */
export const findConfigurations = (scope: Scope, ids: readonly string[]) =>
  byIds(ids, (chunk) =>
    scope.db
      .select()
      .from(configurations)
      .where(ofTenant(scope, configurations, inArray(configurations.id, chunk))),
  );
export const findProducts = (scope: Scope, ids: readonly string[]) =>
  byIds(ids, (chunk) =>
    scope.db
      .select()
      .from(products)
      .where(ofTenant(scope, products, inArray(products.id, chunk))),
  );
export const schemasOfProducts = (scope: Scope, productIds: readonly string[]) =>
  byIds(productIds, (chunk) =>
    scope.db
      .select()
      .from(productSchemas)
      .where(ofTenant(scope, productSchemas, inArray(productSchemas.product_id, chunk))),
  );

export const findConfiguration = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.configurations.findFirst({ where: ofTenant(scope, configurations, eq(configurations.id, id), visibleTo(configurations, viewer)) });

export function listConfigurations(scope: Scope, viewer: Viewer, page: PageRequest) {
  const { after, orderBy } = keyset(configurations.created_at, configurations.id, page);
  return scope.db
    .select()
    .from(configurations)
    .where(ofTenant(scope, configurations, visibleTo(configurations, viewer), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

export const deleteConfiguration = (scope: Scope, id: string) =>
  scope.db.delete(configurations).where(ofTenant(scope, configurations, eq(configurations.id, id)));

export async function insertJob(scope: Scope, configurationId: string, kind: "glb") {
  const now = Date.now();
  const row = {
    id: crypto.randomUUID(),
    tenant_id: scope.tenantId,
    configuration_id: configurationId,
    kind,
    status: "PENDING" as JobStatus,
    created_at: now,
    updated_at: now,
  };
  await scope.db.insert(jobs).values(row);
  return row.id;
}

export const findJob = (scope: Scope, id: string) => scope.db.query.jobs.findFirst({ where: ofTenant(scope, jobs, eq(jobs.id, id)) });

export const updateJob = (scope: Scope, id: string, set: Partial<typeof jobs.$inferInsert>) =>
  scope.db
    .update(jobs)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, jobs, eq(jobs.id, id)));

/** Updates a job only while it is in one of `from`; true when it was. A cancel and a finish race through this. */
export const transitionJob = async (scope: Scope, id: string, from: JobStatus[], set: Partial<typeof jobs.$inferInsert>) =>
  (
    await scope.db
      .update(jobs)
      .set({ ...set, updated_at: Date.now() })
      .where(ofTenant(scope, jobs, eq(jobs.id, id), inArray(jobs.status, from)))
      .returning({ id: jobs.id })
  ).length > 0;
