import { and, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { isStaff, type Role } from "../auth/permissions.ts";

/**
 * Who is looking at customer-owned rows (models, quotes, configurations,
 * uploads): staff see the shop's all; a customer its company's (and its own)
 * — a company's users and viewers, of the rows in a project, only those of
 * projects assigned to them (issue 14);
 * a guest only what its guest session made; the shop's own processes
 * (queues, re-pricing, partner webhooks) everything of the tenant. Every
 * lookup names its viewer: there is no default that shows everything.
 */
export type Viewer =
  | { kind: "staff" }
  | { kind: "system" }
  | { kind: "customer"; userId: string; customerId: string | null; assignedProjectsOnly: boolean }
  | { kind: "guest"; sessionHash: string };

interface OwnerColumns {
  owner_user_id: SQLiteColumn;
  customer_id: SQLiteColumn;
  guest_session_hash: SQLiteColumn;
  /** Rows that can sit in a project (quotes). */
  project_id?: SQLiteColumn;
  /** Rows that hang from a quote (drawings, drawing requests): they follow the quote's project. */
  quote_id?: SQLiteColumn;
}

/** A signed-in person or key as a viewer: staff, or a customer (a company's admin sees all its projects' rows). */
export const viewerOfRole = (p: { role: Role; userId: string; customerId: string | null }): Viewer =>
  isStaff(p.role) ? { kind: "staff" } : { kind: "customer", userId: p.userId, customerId: p.customerId, assignedProjectsOnly: p.role !== "customer_admin" };

/** The WHERE condition that limits a customer-owned table to what `viewer` may see. */
export function visibleTo(table: OwnerColumns, viewer: Viewer): SQL | undefined {
  if (viewer.kind === "staff" || viewer.kind === "system") return undefined;
  if (viewer.kind === "guest") return eq(table.guest_session_hash, viewer.sessionHash);
  const own = eq(table.owner_user_id, viewer.userId);
  if (!viewer.customerId) return own;
  const company = eq(table.customer_id, viewer.customerId);
  if (!viewer.assignedProjectsOnly || (!table.project_id && !table.quote_id)) return or(company, own);
  // Plain names inside: drizzle's relational queries re-alias interpolated columns to the outer table.
  const assignedIds = sql`select project_id from project_members where user_id = ${viewer.userId}`;
  const inProject = table.project_id
    ? or(isNull(table.project_id), sql`${table.project_id} in (${assignedIds})`)
    : // The one rule for a quote's dependants: seen only where their quote, by its project now, would be.
      or(
        isNull(table.quote_id!),
        sql`exists (select 1 from quotes q where q.id = ${table.quote_id} and (q.project_id is null or q.project_id in (${assignedIds})))`,
      );
  return or(own, and(company, inProject));
}

/** The shop's own processes: queues, re-pricing and partner webhooks act for the tenant, not for a person. */
export const SYSTEM: Viewer = { kind: "system" };
