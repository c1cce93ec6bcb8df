import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { Id, IdParam, ListQuery, Name, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { viewerOfRole } from "../db/viewer.ts";
import { emptyPage } from "../db/paging.ts";
import { findProject, insertProjectStatements, listProjects, membersOfProjects, updateProjectStatements, type Project } from "../db/projects.ts";
import { PROJECT_STATUSES } from "../db/schema/index.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { projectOverview } from "../portal/project-overview.ts";
import { companyFor, companyMembers, projectViewerOf } from "../portal/projects.ts";
import { effectiveStatus } from "../db/quote-status.ts";

const Reference = z.string().trim().min(1, "is empty").max(120).openapi({ description: "The buyer's own reference for the project" });
const MemberIds = z
  .array(Id)
  .max(200)
  .openapi({ description: "Members of the company assigned to the project (customer users and viewers see only their projects)" });

const CreateProject = z
  .strictObject({
    name: Name,
    reference: Reference.optional(),
    member_ids: MemberIds.optional(),
    customer_id: Id.optional().openapi({ description: "The customer company (the shop's staff must say; a customer's projects are its own company's)" }),
  })
  .openapi("CreateProject");

const PatchProject = z
  .strictObject({
    name: Name.optional(),
    reference: Reference.nullable().optional(),
    member_ids: MemberIds.optional().openapi({ description: "Replaces the assigned members" }),
    status: z.enum(PROJECT_STATUSES).optional(),
  })
  .openapi("PatchProject");

const ProjectView = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "PRJ-2026-001" }),
    name: z.string(),
    reference: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    customer_id: z.string(),
    member_ids: z.array(z.string()),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi("Project");

const ProjectDetail = ProjectView.extend({
  quotes: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: z.string(),
      revision: z.number().int(),
      title: z.string().nullable(),
      currency: z.string(),
      gross_total: z.number().int().nullable().openapi({ description: "Minor units" }),
      valid_until: z.string().nullable(),
      created_at: z.string().nullable(),
    }),
  ),
  orders: z.array(z.object({ id: z.string(), number: z.string().nullable(), status: z.string(), quote_id: z.string(), created_at: z.string().nullable() })),
  documents: z.array(
    z.object({
      kind: z.enum(["quote", "order_confirmation", "drawing", "packing_list", "delivery_note"]),
      title: z.string(),
      current: z.boolean().openapi({ description: "False for a superseded drawing revision, an expired quote or a cancelled order's confirmation" }),
      date: z.string(),
      path: z.string().openapi({ description: "Where the API serves it (drawings redirect to a signed link)" }),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      event: z.string().openapi({ example: "quote.sent" }),
      subject: z.object({ type: z.enum(["project", "quote", "drawing", "order", "manufacturing_order"]), id: z.string(), number: z.string().nullable() }),
      summary: z.string(),
    }),
  ),
}).openapi("ProjectDetail");

const ProjectListQuery = ListQuery.extend({ customer_id: Id.optional().openapi({ description: "Only this company's (staff)" }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const projectResponse = (description: string) => ({ description, content: { "application/json": { schema: envelope(ProjectView) } } });

const routes = {
  create: defineRoute({
    permission: "projects:write",
    method: "post",
    path: "/",
    tags: ["Projects"],
    summary: "Open a project for a customer company, numbered PRJ-YYYY-NNN, with the members assigned to it",
    request: { body: json(CreateProject) },
    responses: { 201: projectResponse("Created"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
  list: defineRoute({
    permission: "projects:read",
    method: "get",
    path: "/",
    tags: ["Projects"],
    summary: "Projects the caller may see, newest first: staff every company's, a company admin the company's, other members those assigned to them",
    request: { query: ProjectListQuery },
    responses: { 200: { description: "Projects", content: { "application/json": { schema: listEnvelope(ProjectView) } } }, ...errorResponses(400, 401, 403) },
  }),
  get: defineRoute({
    permission: "projects:read",
    method: "get",
    path: "/{id}",
    tags: ["Projects"],
    summary: "A project with its quotes, orders, documents and timeline (quote sent, accepted, drawings issued, production stages, shipped)",
    request: { params: IdParam },
    responses: { 200: { description: "Project", content: { "application/json": { schema: envelope(ProjectDetail) } } }, ...errorResponses(401, 403, 404) },
  }),
  patch: defineRoute({
    permission: "projects:write",
    method: "patch",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Rename a project, change its reference or status, or replace its members",
    request: { params: IdParam, body: json(PatchProject) },
    responses: { 200: projectResponse("Updated"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
};

const present = (p: Project, memberIds: string[]) => ({
  id: p.id,
  number: p.number,
  name: p.name,
  reference: p.reference,
  status: p.status,
  customer_id: p.customer_id,
  member_ids: memberIds,
  created_at: iso(p.created_at),
  updated_at: iso(p.updated_at),
});

/** The project the caller may see, or 404 — another company's, or one a member is not assigned to, looks exactly like none. */
async function visibleProject(c: Context<TenantEnv>, id: string) {
  const viewer = projectViewerOf(principalOf(c));
  const project = viewer && (await findProject(scopeOf(c), id, viewer));
  if (!project) throw notFound("Project");
  return project;
}

const withMembers = async (c: Context<TenantEnv>, p: Project) => present(p, (await membersOfProjects(scopeOf(c), [p.id])).get(p.id) ?? []);

export const projectsRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const customerId = await companyFor(scope, principal, body.customer_id);
    const memberIds = await companyMembers(scope, customerId, body.member_ids ?? []);
    const id = crypto.randomUUID();
    const now = Date.now();
    await scope.db.batch([
      ...insertProjectStatements(
        scope,
        { id, customer_id: customerId, name: body.name, reference: body.reference ?? null, created_by: principal.userId, member_ids: memberIds },
        now,
      ),
      audit(scope, {
        actor_type: principal.kind,
        actor_id: principal.userId,
        action: "project.created",
        target_type: "project",
        target_id: id,
        request_id: c.get("requestId"),
      }),
    ] as unknown as Parameters<typeof scope.db.batch>[0]);
    return ok(c, await withMembers(c, (await findProject(scope, id, { kind: "staff" }))!), 201);
  })
  .openapi(routes.list, async (c) => {
    const query = c.req.valid("query");
    const viewer = projectViewerOf(principalOf(c));
    const { data, pagination } = viewer ? await listProjects(scopeOf(c), viewer, query, query.customer_id) : emptyPage<Project>(query.limit);
    const members = await membersOfProjects(
      scopeOf(c),
      data.map((p) => p.id),
    );
    return okList(
      c,
      data.map((p) => present(p, members.get(p.id) ?? [])),
      pagination,
    );
  })
  .openapi(routes.get, async (c) => {
    const project = await visibleProject(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const p = principalOf(c);
    const viewer = viewerOfRole(p);
    const overview = await projectOverview(scope, project, viewer);
    return ok(c, {
      ...(await withMembers(c, project)),
      quotes: overview.quotes.map((q) => ({
        id: q.id,
        number: q.number,
        status: effectiveStatus(q),
        revision: q.revision,
        title: q.title,
        currency: q.currency,
        gross_total: typeof q.totals?.gross_total === "number" ? q.totals.gross_total : null,
        valid_until: iso(q.valid_until),
        created_at: iso(q.created_at),
      })),
      orders: overview.orders.map((o) => ({ id: o.id, number: o.number, status: o.status, quote_id: o.quote_id, created_at: iso(o.created_at) })),
      documents: overview.documents,
      timeline: overview.timeline,
    });
  })
  .openapi(routes.patch, async (c) => {
    const project = await visibleProject(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const principal = principalOf(c);
    const { member_ids, ...set } = c.req.valid("json");
    const memberIds = member_ids && (await companyMembers(scope, project.customer_id, member_ids));
    await scope.db.batch([
      ...updateProjectStatements(scope, project.id, set, memberIds, Date.now()),
      audit(scope, {
        actor_type: principal.kind,
        actor_id: principal.userId,
        action: "project.updated",
        target_type: "project",
        target_id: project.id,
        data: { ...set, ...(memberIds ? { member_ids: memberIds } : {}) },
        request_id: c.get("requestId"),
      }),
    ] as unknown as Parameters<typeof scope.db.batch>[0]);
    return ok(c, await withMembers(c, (await findProject(scope, project.id, { kind: "staff" }))!));
  });
