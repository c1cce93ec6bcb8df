import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, customers, tenants, users } from "./core.ts";

/** A configurable product of a shop; its generator key names the engine family that builds it. */
export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    generator_key: text("generator_key").notNull(),
    /** The current schema version; every version stays in product_schemas. */
    schema_version: integer("schema_version").notNull(),
    /** Tenant overrides of the family's pricing and engineering parameters. */
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [index("products_tenant_name").on(t.tenant_id, t.name)],
);

/** Schema versions are never edited: a saved configuration keeps the one it was made with. */
export const productSchemas = sqliteTable(
  "product_schemas",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    product_id: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    config_schema: text("config_schema", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.product_id, t.version] })],
);

export const configurations = sqliteTable(
  "configurations",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    product_id: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    schema_version: integer("schema_version").notNull(),
    name: text("name"),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** SHA-256 of the canonical configuration: identical ones share generated files. */
    config_hash: text("config_hash").notNull(),
    owner_user_id: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    customer_id: text("customer_id").references(() => customers.id, { onDelete: "set null" }),
    guest_session_hash: text("guest_session_hash"),
    created_at: createdAt(),
  },
  (t) => [
    index("configurations_tenant_owner").on(t.tenant_id, t.owner_user_id),
    index("configurations_tenant_customer").on(t.tenant_id, t.customer_id),
    index("configurations_tenant_guest").on(t.tenant_id, t.guest_session_hash),
  ],
);

export const JOB_STATUSES = ["PENDING", "QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    configuration_id: text("configuration_id")
      .notNull()
      .references(() => configurations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["glb"] }).notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull(),
    progress: integer("progress").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    error_code: text("error_code"),
    error_message: text("error_message"),
    result_key: text("result_key"),
    result_bytes: integer("result_bytes"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
    started_at: integer("started_at"),
    finished_at: integer("finished_at"),
  },
  (t) => [index("jobs_tenant_configuration").on(t.tenant_id, t.configuration_id, t.created_at)],
);
