import { and, asc, desc, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { documentNumber } from "./numbers.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { drawingApprovals, drawingRevisions, drawings, orders, projectMembers, projects, quotes, shipments, type ProjectStatus } from "./schema/index.ts";

export type Project = typeof projects.$inferSelect;

/**
 * Who is looking at projects: the shop sees every company's; a company's
 * admin all of its company's; its other members only those assigned to them.
 */
export type ProjectViewer = { kind: "staff" } | { kind: "company"; customerId: string } | { kind: "member"; customerId: string; userId: string };

export function projectsVisibleTo(viewer: ProjectViewer): SQL | undefined {
  if (viewer.kind === "staff") return undefined;
  if (viewer.kind === "company") return eq(projects.customer_id, viewer.customerId);
  return and(
    eq(projects.customer_id, viewer.customerId),
    exists(
      sql`(SELECT 1 FROM ${projectMembers} WHERE ${projectMembers.tenant_id} = ${projects.tenant_id} AND ${projectMembers.project_id} = ${projects.id} AND ${projectMembers.user_id} = ${viewer.userId})`,
    ),
  );
}

export const findProject = (scope: Scope, id: string, viewer: ProjectViewer) =>
  scope.db
    .select()
    .from(projects)
    .where(ofTenant(scope, projects, eq(projects.id, id), projectsVisibleTo(viewer)))
    .get();

/** Projects, newest first, optionally of one company. */
export function listProjects(scope: Scope, viewer: ProjectViewer, page: PageRequest, customerId?: string) {
  const { after, orderBy } = keyset(projects.created_at, projects.id, page);
  return scope.db
    .select()
    .from(projects)
    .where(ofTenant(scope, projects, projectsVisibleTo(viewer), customerId ? eq(projects.customer_id, customerId) : undefined, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

/** The assigned members of several projects in one query, by project id. */
export async function membersOfProjects(scope: Scope, projectIds: string[]) {
  const byProject = new Map<string, string[]>(projectIds.map((id) => [id, []]));
  if (projectIds.length === 0) return byProject;
  const rows = await scope.db
    .select({ project_id: projectMembers.project_id, user_id: projectMembers.user_id })
    .from(projectMembers)
    .where(ofTenant(scope, projectMembers, inArray(projectMembers.project_id, projectIds)))
    .orderBy(projectMembers.created_at);
  for (const r of rows) byProject.get(r.project_id)?.push(r.user_id);
  return byProject;
}

export interface NewProject {
  id: string;
  customer_id: string;
  name: string;
  reference: string | null;
  created_by: string | null;
  member_ids: string[];
}

const memberRows = (scope: Scope, projectId: string, userIds: string[]) =>
  userIds.map((user_id) => scope.db.insert(projectMembers).values({ tenant_id: scope.tenantId, project_id: projectId, user_id }));

/**
 * A project numbered PRJ-YYYY-NNN (per tenant, gapless: the counter moves in
 * the same batch as the insert, decision 0002) with its members. With
 * `once`, nothing happens when a project with this id exists already (a
 * partner's event delivered again), and the counter does not move either.
 */
export function insertProjectStatements(scope: Scope, p: NewProject, now: number, once = false): BatchItem<"sqlite">[] {
  const missing = sql`NOT EXISTS (SELECT 1 FROM ${projects} WHERE ${ofTenant(scope, projects, eq(projects.id, p.id))})`;
  const { advance, number } = documentNumber(scope, "PRJ", new Date(now).getUTCFullYear(), once ? missing : undefined);
  const { member_ids, ...row } = p;
  const insert = scope.db.insert(projects).values({ ...row, tenant_id: scope.tenantId, number, status: "active", created_at: now, updated_at: now });
  return [advance, once ? insert.onConflictDoNothing() : insert, ...memberRows(scope, p.id, member_ids)];
}

/** Changes a project's details and, when `memberIds` is given, replaces its members: one batch. */
export function updateProjectStatements(
  scope: Scope,
  id: string,
  set: { name?: string; reference?: string | null; status?: ProjectStatus },
  memberIds: string[] | undefined,
  now: number,
): BatchItem<"sqlite">[] {
  return [
    scope.db
      .update(projects)
      .set({ ...set, updated_at: now })
      .where(ofTenant(scope, projects, eq(projects.id, id))),
    ...(memberIds
      ? [scope.db.delete(projectMembers).where(ofTenant(scope, projectMembers, eq(projectMembers.project_id, id))), ...memberRows(scope, id, memberIds)]
      : []),
  ];
}

/** A project's quotes, newest first. */
export const quotesOfProject = (scope: Scope, projectId: string) =>
  scope.db
    .select()
    .from(quotes)
    .where(ofTenant(scope, quotes, eq(quotes.project_id, projectId)))
    .orderBy(desc(quotes.created_at));

/** Puts quotes in a project (or takes them out, with null). */
export const setQuotesProjectStatement = (scope: Scope, quoteIds: string[], projectId: string | null) =>
  scope.db
    .update(quotes)
    .set({ project_id: projectId, updated_at: Date.now() })
    .where(ofTenant(scope, quotes, inArray(quotes.id, quoteIds)));

/** The orders placed from these quotes. */
export const ordersOfQuotes = async (scope: Scope, quoteIds: string[]) =>
  quoteIds.length === 0
    ? []
    : scope.db
        .select()
        .from(orders)
        .where(ofTenant(scope, orders, inArray(orders.quote_id, quoteIds)))
        .orderBy(asc(orders.created_at));

/** The drawings made for these quotes, with every revision issued (oldest first). */
export const drawingRevisionsOfQuotes = async (scope: Scope, quoteIds: string[]) =>
  quoteIds.length === 0
    ? []
    : scope.db
        .select({ drawing: drawings, revision: drawingRevisions })
        .from(drawings)
        .innerJoin(drawingRevisions, and(eq(drawingRevisions.tenant_id, drawings.tenant_id), eq(drawingRevisions.drawing_id, drawings.id)))
        .where(ofTenant(scope, drawings, inArray(drawings.quote_id, quoteIds)))
        .orderBy(asc(drawingRevisions.created_at));

/** The decisions on the drawings made for these quotes (the same drawings as above), oldest first. */
export const drawingApprovalsOfQuotes = async (scope: Scope, quoteIds: string[]) =>
  quoteIds.length === 0
    ? []
    : scope.db
        .select({ drawing: { id: drawings.id, drawing_number: drawings.drawing_number }, approval: drawingApprovals })
        .from(drawingApprovals)
        .innerJoin(drawings, and(eq(drawings.tenant_id, drawingApprovals.tenant_id), eq(drawings.id, drawingApprovals.drawing_id)))
        .where(ofTenant(scope, drawingApprovals, inArray(drawings.quote_id, quoteIds)))
        .orderBy(asc(drawingApprovals.created_at));

/** The shipments of these orders, oldest first. */
export const shipmentsOfOrders = async (scope: Scope, orderIds: string[]) =>
  orderIds.length === 0
    ? []
    : scope.db
        .select()
        .from(shipments)
        .where(ofTenant(scope, shipments, inArray(shipments.order_id, orderIds)))
        .orderBy(asc(shipments.shipped_at));
