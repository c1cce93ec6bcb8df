import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { visibleTo, type Viewer } from "./viewer.ts";
import { configurations, jobs, products, productSchemas, type JobStatus } from "./schema/index.ts";

export type Product = typeof products.$inferSelect;
export type Configuration = typeof configurations.$inferSelect;
export type Job = typeof jobs.$inferSelect;

export async function insertProduct(
  { db, tenantId }: Scope,
  p: { name: string; description: string | null; generator_key: string; params: Record<string, unknown> | null; config_schema: Record<string, unknown> },
) {
  const id = crypto.randomUUID();
  const now = Date.now();
  const { config_schema, ...row } = p;
  await db.batch([
    db.insert(products).values({ ...row, id, tenant_id: tenantId, schema_version: 1, created_at: now, updated_at: now }),
    db.insert(productSchemas).values({ tenant_id: tenantId, product_id: id, version: 1, config_schema }),
  ]);
  return id;
}

/** A new schema version is a new row; the product points at it. Older configurations keep theirs. */
export async function updateProduct(
  { db, tenantId }: Scope,
  product: Product,
  set: { name?: string; description?: string | null; params?: Record<string, unknown> | null; active?: boolean; config_schema?: Record<string, unknown> },
) {
  const { config_schema, ...fields } = set;
  const version = config_schema ? product.schema_version + 1 : product.schema_version;
  const where = and(eq(products.tenant_id, tenantId), eq(products.id, product.id));
  const update = db.update(products).set({ ...fields, schema_version: version, updated_at: Date.now() }).where(where);
  if (config_schema) await db.batch([db.insert(productSchemas).values({ tenant_id: tenantId, product_id: product.id, version, config_schema }), update]);
  else await update;
}

export const findProduct = ({ db, tenantId }: Scope, id: string) =>
  db.query.products.findFirst({ where: and(eq(products.tenant_id, tenantId), eq(products.id, id)) });

/** An active product named by a partner: its id, or its name (case-insensitive; the oldest wins if two share one). */
export const findProductByRef = ({ db, tenantId }: Scope, ref: string) =>
  db.query.products.findFirst({
    where: and(eq(products.tenant_id, tenantId), eq(products.active, true), or(eq(products.id, ref), sql`lower(${products.name}) = lower(${ref.trim()})`)),
    orderBy: [asc(products.created_at)],
  });

export const listProducts = ({ db, tenantId }: Scope, onlyActive: boolean) =>
  db
    .select()
    .from(products)
    .where(and(eq(products.tenant_id, tenantId), onlyActive ? eq(products.active, true) : undefined))
    .orderBy(asc(products.name));

export const productSchema = ({ db, tenantId }: Scope, productId: string, version: number) =>
  db.query.productSchemas.findFirst({
    where: and(eq(productSchemas.tenant_id, tenantId), eq(productSchemas.product_id, productId), eq(productSchemas.version, version)),
  });

export const listProductSchemas = ({ db, tenantId }: Scope, productId: string) =>
  db
    .select()
    .from(productSchemas)
    .where(and(eq(productSchemas.tenant_id, tenantId), eq(productSchemas.product_id, productId)))
    .orderBy(desc(productSchemas.version));

export type NewConfiguration = Omit<typeof configurations.$inferInsert, "tenant_id" | "id" | "created_at">;

export async function insertConfiguration({ db, tenantId }: Scope, row: NewConfiguration) {
  const full = { ...row, id: crypto.randomUUID(), tenant_id: tenantId, created_at: Date.now() };
  await db.insert(configurations).values(full);
  return full;
}

/** A configuration row for a caller's batch, under an id the caller chose. */
export const insertConfigurationStatement = ({ db, tenantId }: Scope, row: NewConfiguration & { id: string }) =>
  db.insert(configurations).values({ ...row, tenant_id: tenantId, created_at: Date.now() });

export const findConfiguration = ({ db, tenantId }: Scope, id: string, viewer: Viewer) =>
  db.query.configurations.findFirst({ where: and(eq(configurations.tenant_id, tenantId), eq(configurations.id, id), visibleTo(configurations, viewer)) });

export const listConfigurations = ({ db, tenantId }: Scope, viewer: Viewer, limit: number) =>
  db
    .select()
    .from(configurations)
    .where(and(eq(configurations.tenant_id, tenantId), visibleTo(configurations, viewer)))
    .orderBy(desc(configurations.created_at))
    .limit(limit);

export const deleteConfiguration = ({ db, tenantId }: Scope, id: string) =>
  db.delete(configurations).where(and(eq(configurations.tenant_id, tenantId), eq(configurations.id, id)));

export async function insertJob({ db, tenantId }: Scope, configurationId: string, kind: "glb") {
  const now = Date.now();
  const row = { id: crypto.randomUUID(), tenant_id: tenantId, configuration_id: configurationId, kind, status: "PENDING" as JobStatus, created_at: now, updated_at: now };
  await db.insert(jobs).values(row);
  return row.id;
}

export const findJob = ({ db, tenantId }: Scope, id: string) => db.query.jobs.findFirst({ where: and(eq(jobs.tenant_id, tenantId), eq(jobs.id, id)) });

export const updateJob = ({ db, tenantId }: Scope, id: string, set: Partial<typeof jobs.$inferInsert>) =>
  db
    .update(jobs)
    .set({ ...set, updated_at: Date.now() })
    .where(and(eq(jobs.tenant_id, tenantId), eq(jobs.id, id)));

/** Updates a job only while it is in one of `from`; true when it was. A cancel and a finish race through this. */
export const transitionJob = async ({ db, tenantId }: Scope, id: string, from: JobStatus[], set: Partial<typeof jobs.$inferInsert>) =>
  (
    await db
      .update(jobs)
      .set({ ...set, updated_at: Date.now() })
      .where(and(eq(jobs.tenant_id, tenantId), eq(jobs.id, id), inArray(jobs.status, from)))
      .returning({ id: jobs.id })
  ).length > 0;
