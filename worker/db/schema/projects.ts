import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, customers, tenants, users } from "./core.ts";

export const PROJECT_STATUSES = ["active", "completed", "archived"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * A customer company's project (issue 14): groups its quotes (and through
 * them orders, drawings and documents) under a number (PRJ-YYYY-NNN, per
 * tenant) and the buyer's own reference.
 */
export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    customer_id: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    name: text("name").notNull(),
    /** The buyer's (or partner's) own reference. */
    reference: text("reference"),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("active"),
    created_by: text("created_by"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("projects_tenant_number").on(t.tenant_id, t.number), index("projects_tenant_customer").on(t.tenant_id, t.customer_id, t.created_at)],
);

/** Who a project is assigned to: customer users and viewers see only the projects they are members of. */
export const projectMembers = sqliteTable(
  "project_members",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    project_id: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.project_id, t.user_id] }), index("project_members_tenant_user").on(t.tenant_id, t.user_id)],
);
