import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ALL_DRAWING_TYPES, DrawingFitError, ISO_SCALES, SHEET_FORMATS } from "../../engine/drawings/index.ts";
import { audit } from "../db/audit.ts";
import {
  type Drawing,
  type DrawingRequest,
  type DrawingRevision,
  drawingsOfRequest,
  findDocument,
  findDrawing,
  findDrawingByNumber,
  findDrawingRequest,
  insertDrawingRequest,
  listDrawingRequests,
  listDrawings,
  revisionsOfDrawing,
  transitionDrawingRequest,
  documentsOfRevision,
} from "../db/drawings.ts";
import { findVisibleOrder } from "../db/orders.ts";
import { findQuote } from "../db/quotes.ts";
import { DRAWING_FORMATS, type DrawingFormat } from "../db/schema/index.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { SYSTEM, type Viewer } from "../db/viewer.ts";
import { holderOf, LINK_TTL_MS, signLink, verifyLink } from "../drawings/links.ts";
import { drawingPreview, PREVIEW_PX } from "../drawings/preview.ts";
import { CONTENT_TYPES } from "../drawings/render.ts";
import { reviseDrawing } from "../drawings/revise.ts";
import { decideOnDrawing } from "../drawings/approve.ts";
import { approvalsOfDrawing, type DrawingApproval } from "../db/drawing-approvals.ts";
import { usersByIds } from "../db/users.ts";
import { isStaff } from "../auth/permissions.ts";
import type { Scope } from "../db/scope.ts";
import { sheetOf, subjectsOf } from "../drawings/run.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { visibleConfiguration } from "./configurations.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { pictureResponses } from "./pictures.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { Id, IdParam, iso, ListQuery } from "./schemas.ts";
import {
  CreateDrawingApproval,
  CreateDrawingRequest,
  CreateDrawingRevision,
  DrawingApprovalView,
  DrawingFileQuery,
  DrawingFormatQuery,
  DrawingRequestCreated,
  DrawingRequestView,
  DrawingRevisionView,
  DrawingView,
} from "./schemas/drawing.ts";

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { "application/json": { schema: envelope(schema) } } });
const trackingUrl = (id: string) => `/api/v1/drawings/requests/${id}`;

const presentRequest = (r: DrawingRequest, drawings: Drawing[] = []) => ({
  id: r.id,
  request_number: r.number,
  status: r.status,
  tracking_url: trackingUrl(r.id),
  configuration_id: r.configuration_id,
  quote_id: r.quote_id,
  progress: r.progress,
  drawing_types: r.body.drawing_types,
  scale: r.body.scale,
  sheet: r.body.sheet,
  formats: r.body.formats,
  project_reference: r.body.project_reference,
  notes: r.body.notes,
  error_code: r.error_code,
  error_message: r.error_message,
  drawing_ids: r.status === "completed" ? drawings.map((d) => d.id) : [],
  created_at: iso(r.created_at),
  started_at: iso(r.started_at),
  finished_at: iso(r.finished_at),
});

/** Only issued drawings are found (findDrawing), so revision and scale are set. */
const presentDrawing = (d: Drawing) => ({
  id: d.id,
  drawing_number: d.drawing_number,
  drawing_type: d.drawing_type,
  revision: d.revision ?? "",
  status: d.status === "superseded" ? ("superseded" as const) : ("current" as const),
  scale: d.scale ?? "",
  sheet: d.sheet,
  formats: d.formats,
  configuration_id: d.configuration_id,
  quote_id: d.quote_id,
  request_id: d.request_id,
  created_at: iso(d.created_at),
});

const presentRevision = (r: DrawingRevision) => ({
  revision: r.revision,
  status: r.status,
  reason: r.reason,
  changes: r.changes,
  created_at: iso(r.created_at),
  created_by: r.created_by,
});

/** Approvals as the caller may read them: a customer does not learn which of the shop's staff recorded one for them. */
async function presentApprovals(scope: Scope, approvals: DrawingApproval[], staffViewer: boolean) {
  const names = await usersByIds(scope, [...new Set(approvals.map((a) => a.decided_by))]);
  return approvals.map((a) => ({
    id: a.id,
    drawing_id: a.drawing_id,
    revision: a.revision,
    decision: a.decision,
    comments: a.comments,
    sheet_comments: a.sheet_comments,
    decided_by: {
      id: a.on_behalf && !staffViewer ? null : a.decided_by,
      name: a.on_behalf && !staffViewer ? null : (names.get(a.decided_by) ?? null),
      on_behalf: a.on_behalf,
    },
    requested_revision: a.requested_revision,
    created_at: iso(a.created_at),
  }));
}

/** Signed-in callers only: a drawing belongs to a customer's company or the shop. */
async function drawingViewer(c: Context<TenantEnv>): Promise<Viewer> {
  const viewer = await viewerOf(c, false);
  if (!viewer || viewer.kind === "guest") throw new ApiError("UNAUTHORIZED", "Sign in to see drawings");
  return viewer;
}

/** A drawing the caller may see, or 404: another tenant's or another customer's looks exactly like none. */
async function visibleDrawing(c: Context<TenantEnv>, id: string) {
  const drawing = await findDrawing(scopeOf(c), id, await drawingViewer(c));
  if (!drawing) throw notFound("Drawing");
  return drawing;
}

async function visibleRequest(c: Context<TenantEnv>, id: string) {
  const request = await findDrawingRequest(scopeOf(c), id, await drawingViewer(c));
  if (!request) throw notFound("Drawing request");
  return request;
}

const oneOf = (field: string, value: string, allowed: readonly string[]) => {
  if (!allowed.includes(value)) throw unprocessable(field, `must be one of ${allowed.join(", ")}`, value);
};

const FILE_CONTENT = Object.fromEntries(Object.values(CONTENT_TYPES).map((t) => [t, { schema: z.any().openapi({ type: "string", format: "binary" }) }]));

const routes = {
  createRequest: defineRoute({
    permission: "quotes:write",
    method: "post",
    path: "/requests",
    tags: ["Drawings"],
    summary:
      "Request drawings of a configuration (or of every configured item of a quote): checked at once (types, scale, sheet, and that each view fits), then drawn in the background",
    request: { body: { content: { "application/json": { schema: CreateDrawingRequest } }, required: true } },
    responses: { 201: json("Accepted; follow tracking_url", DrawingRequestCreated), ...errorResponses(400, 401, 404, 413, 415, 422) },
  }),
  listRequests: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/requests",
    tags: ["Drawings"],
    summary: "Drawing requests the caller may see, newest first",
    request: { query: ListQuery },
    responses: {
      200: { description: "Drawing requests", content: { "application/json": { schema: listEnvelope(DrawingRequestView) } } },
      ...errorResponses(400, 401),
    },
  }),
  getRequest: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/requests/{id}",
    tags: ["Drawings"],
    summary: "A drawing request's status and progress: pending → processing → completed | failed (or cancelled while pending)",
    request: { params: IdParam },
    responses: { 200: json("Drawing request", DrawingRequestView), ...errorResponses(401, 404) },
  }),
  cancelRequest: defineRoute({
    permission: "quotes:write",
    method: "delete",
    path: "/requests/{id}",
    tags: ["Drawings"],
    summary: "Cancel a drawing request that has not started: it never produces files",
    request: { params: IdParam },
    responses: { 200: json("Cancelled", DrawingRequestView), ...errorResponses(401, 404, 409) },
  }),
  list: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/",
    tags: ["Drawings"],
    summary: "Issued drawings the caller may see, newest first",
    request: {
      query: ListQuery.extend({
        configuration_id: Id.optional(),
        quote_id: Id.optional(),
        order_id: Id.optional().openapi({ description: "Drawings of the order's quote and of its configured products" }),
        drawing_type: z.enum(ALL_DRAWING_TYPES).optional(),
        status: z.enum(["current", "superseded"]).optional(),
      }),
    },
    responses: {
      200: { description: "Drawings", content: { "application/json": { schema: listEnvelope(DrawingView) } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  byNumber: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/by-number/{drawingNumber}",
    tags: ["Drawings"],
    summary: "A drawing by its number (SPW600E-ELV-001)",
    request: {
      params: z.object({
        drawingNumber: z
          .string()
          .min(1)
          .max(40)
          .openapi({ param: { name: "drawingNumber", in: "path" }, example: "SPW600E-ELV-001" }),
      }),
    },
    responses: { 200: json("Drawing", DrawingView), ...errorResponses(401, 404) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}",
    tags: ["Drawings"],
    summary: "A drawing",
    request: { params: IdParam },
    responses: { 200: json("Drawing", DrawingView), ...errorResponses(401, 404) },
  }),
  preview: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/preview",
    tags: ["Drawings"],
    summary: `A picture of the drawing's sheet at its current revision (or the one named): a PNG ${PREVIEW_PX} px wide, drawn once per revision`,
    request: {
      params: IdParam,
      query: z.object({
        revision: z.string().max(8).optional().openapi({ description: "An earlier revision's sheet, to compare revisions (default: the current one)" }),
      }),
    },
    responses: { ...pictureResponses, 304: { description: "Unchanged since the picture the caller holds (If-None-Match)" }, ...errorResponses(400) },
  }),
  download: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/download",
    tags: ["Drawings"],
    summary: `A drawing's file: redirects (302) to a link signed for the caller that works for ${LINK_TTL_MS / 60000} minutes`,
    request: { params: IdParam, query: DrawingFormatQuery },
    responses: {
      302: { description: "The signed link, in Location", headers: z.object({ location: z.string() }) },
      200: { description: "The file, for a client that follows the redirect", content: FILE_CONTENT },
      ...errorResponses(400, 401, 404),
    },
  }),
  file: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/file",
    tags: ["Drawings"],
    summary: "A drawing's file through a signed link from /download; the link works only for whoever it was signed for, until it expires",
    request: { params: IdParam, query: DrawingFileQuery },
    responses: {
      200: { description: "The file", content: FILE_CONTENT },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  revise: defineRoute({
    permission: "drawings:write",
    method: "post",
    path: "/{id}/revisions",
    tags: ["Drawings"],
    summary: "Revise a drawing: the next revision letter, drawn again with every revision in its table; the previous one is superseded and kept",
    request: { params: IdParam, body: { content: { "application/json": { schema: CreateDrawingRevision } }, required: true } },
    responses: { 201: json("The new revision", DrawingRevisionView), ...errorResponses(400, 401, 404, 409, 413, 415, 422) },
  }),
  approve: defineRoute({
    permission: "drawings:approve",
    method: "post",
    path: "/{id}/approvals",
    tags: ["Drawings"],
    summary:
      "The customer approves or rejects the drawing's current revision, with comments (per sheet when given); a rejection asks the shop for the next revision. The shop's owner and admins may record one on the customer's behalf",
    request: { params: IdParam, body: { content: { "application/json": { schema: CreateDrawingApproval } }, required: true } },
    responses: { 201: json("The approval record", DrawingApprovalView), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  approvals: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/approvals",
    tags: ["Drawings"],
    summary: "A drawing's approvals and rejections, oldest first: who, when and which revision",
    request: { params: IdParam },
    responses: { 200: json("Approvals", z.array(DrawingApprovalView)), ...errorResponses(401, 404) },
  }),
  revisions: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/revisions",
    tags: ["Drawings"],
    summary: "A drawing's revisions, oldest first",
    request: { params: IdParam },
    responses: { 200: json("Revisions", z.array(DrawingRevisionView)), ...errorResponses(401, 404) },
  }),
};

export const drawingsRouter = createRouter()
  .openapi(routes.createRequest, async (c) => {
    const body = c.req.valid("json");
    const scope = scopeOf(c);
    if ((body.configuration_id === undefined) === (body.quote_id === undefined)) {
      throw unprocessable("configuration_id", "name either configuration_id or quote_id");
    }
    const types = [...new Set(body.drawing_types)];
    for (const t of types) oneOf("drawing_types", t, ALL_DRAWING_TYPES);
    if (body.scale !== "auto") oneOf("scale", body.scale, ISO_SCALES);
    oneOf("sheet", body.sheet, Object.keys(SHEET_FORMATS));
    const formats = [...new Set(body.formats)];
    for (const f of formats) oneOf("formats", f, DRAWING_FORMATS);

    // The drawings belong to whoever owns what they draw: a customer sees their own configurations' and quotes' drawings.
    const owner = body.configuration_id ? await visibleConfiguration(c, body.configuration_id) : await findQuote(scope, body.quote_id!, await drawingViewer(c));
    if (!owner) throw notFound("Quote");
    const ref = { configuration_id: body.configuration_id ?? null, quote_id: body.quote_id ?? null };
    const subjects = await subjectsOf(scope, ref);
    if (subjects.length === 0) throw unprocessable("quote_id", "the quote has no configured products to draw", body.quote_id);
    // Every view is laid out now, so a type the product lacks or a view that does not fit is refused before anything is queued.
    for (const s of subjects) {
      for (const drawing_type of types) {
        try {
          sheetOf(s, { drawing_type, scale: body.scale, sheet: body.sheet }, "—", "—", [{ revision: "A", date: "", reason: "" }]);
        } catch (e) {
          if (!(e instanceof DrawingFitError)) throw e;
          const suggestion = e.suggested_scale ? `scale ${e.suggested_scale}` : e.suggested_sheet ? `sheet ${e.suggested_sheet}` : null;
          throw new ApiError("UNPROCESSABLE_ENTITY", `${e.message}${suggestion ? ` Try ${suggestion}.` : ""}`, [
            {
              field: e.details[0]?.field ?? "scale",
              message: e.message,
              value: {
                requested: e.details[0]?.field === "sheet" ? body.sheet : body.scale,
                suggested_scale: e.suggested_scale,
                suggested_sheet: e.suggested_sheet,
              },
            },
          ]);
        }
      }
    }
    const principal = principalOf(c);
    const id = await insertDrawingRequest(scope, {
      ...ref,
      owner_user_id: owner.owner_user_id,
      customer_id: owner.customer_id,
      guest_session_hash: owner.guest_session_hash,
      created_by: holderOf(principal),
      body: {
        drawing_types: types,
        scale: body.scale,
        sheet: body.sheet,
        formats: formats as DrawingFormat[],
        project_reference: body.project_reference ?? null,
        notes: body.notes ?? null,
      },
    });
    await c.env.JOBS_QUEUE.send({ kind: "drawings.run", tenant_id: scope.tenantId, request_id: id, ...ref });
    const request = (await findDrawingRequest(scope, id, SYSTEM))!;
    return ok(c, { id, request_number: request.number, status: request.status, tracking_url: trackingUrl(id) }, 201);
  })
  .openapi(routes.listRequests, async (c) => {
    const { data, pagination } = await listDrawingRequests(scopeOf(c), await drawingViewer(c), c.req.valid("query"));
    return okList(
      c,
      await Promise.all(data.map(async (r) => presentRequest(r, r.status === "completed" ? await drawingsOfRequest(scopeOf(c), r.id) : []))),
      pagination,
    );
  })
  .openapi(routes.getRequest, async (c) => {
    const r = await visibleRequest(c, c.req.valid("param").id);
    return ok(c, presentRequest(r, r.status === "completed" ? await drawingsOfRequest(scopeOf(c), r.id) : []));
  })
  .openapi(routes.cancelRequest, async (c) => {
    const scope = scopeOf(c);
    const r = await visibleRequest(c, c.req.valid("param").id);
    if (!(await transitionDrawingRequest(scope, r.id, ["pending"], { status: "cancelled", finished_at: Date.now() }))) {
      const now = (await findDrawingRequest(scope, r.id, SYSTEM))!;
      throw new ApiError("CONFLICT", `The request is ${now.status}; only a pending request can be cancelled`, [
        { field: "status", message: `is ${now.status}`, value: now.status },
      ]);
    }
    return ok(c, presentRequest((await findDrawingRequest(scope, r.id, SYSTEM))!));
  })
  .openapi(routes.list, async (c) => {
    const { limit, cursor, order_id, ...filters } = c.req.valid("query");
    const viewer = await drawingViewer(c);
    // An order is named by the caller, so one they cannot see is a 404 like any other id.
    const order = order_id === undefined ? undefined : await findVisibleOrder(scopeOf(c), order_id, viewer);
    if (order_id !== undefined && !order) throw notFound("Order");
    const { data, pagination } = await listDrawings(scopeOf(c), viewer, { ...filters, order_quote_id: order?.quote_id }, { limit, cursor });
    return okList(c, data.map(presentDrawing), pagination);
  })
  .openapi(routes.byNumber, async (c) => {
    const drawing = await findDrawingByNumber(scopeOf(c), c.req.valid("param").drawingNumber, await drawingViewer(c));
    if (!drawing) throw notFound("Drawing");
    return ok(c, presentDrawing(drawing));
  })
  .openapi(routes.get, async (c) => ok(c, presentDrawing(await visibleDrawing(c, c.req.valid("param").id))))
  .openapi(routes.preview, async (c) => {
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    const { revision = drawing.revision! } = c.req.valid("query");
    if (!(await revisionsOfDrawing(scopeOf(c), drawing.id)).some((r) => r.revision === revision))
      throw new ApiError("NOT_FOUND", `Drawing ${drawing.drawing_number} has no revision ${revision}`, [
        { field: "revision", message: "not issued", value: revision },
      ]);
    const { body, sha256 } = await drawingPreview(c.env, scopeOf(c), drawing, revision);
    // The same URL shows the next revision once there is one: the browser asks again each time, and an unchanged picture is a 304.
    const etag = `"${sha256}"`;
    const headers = { etag, "cache-control": "private, no-cache", "x-content-type-options": "nosniff" };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, "content-type": "image/png" });
  })
  .openapi(routes.download, async (c) => {
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    const { format, revision = drawing.revision! } = c.req.valid("query");
    const document = (await documentsOfRevision(scopeOf(c), "drawing", drawing.drawing_number, revision)).find((d) => d.ext === format);
    if (!document)
      throw new ApiError("NOT_FOUND", `Drawing ${drawing.drawing_number} has no ${format} of revision ${revision}`, [
        { field: "format", message: "not stored", value: format },
      ]);
    const expires = Date.now() + LINK_TTL_MS;
    const signature = await signLink(c.env, { tenantId: scopeOf(c).tenantId, documentId: document.id, revision, expires, holder: holderOf(principalOf(c)) });
    const query = new URLSearchParams({ document: document.id, revision, expires: String(expires), signature });
    return c.redirect(`/api/v1/drawings/${drawing.id}/file?${query}`, 302);
  })
  .openapi(routes.file, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    // Checked again on every use: the caller may have lost sight of the drawing since the link was made.
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    const { document: documentId, revision, expires, signature } = c.req.valid("query");
    const missing = Object.entries({ document: documentId, revision, expires, signature }).find(([, v]) => v === undefined);
    if (missing)
      throw new ApiError("INVALID_REQUEST", `A download link carries ${missing[0]}; ask /download for one`, [{ field: missing[0], message: "is required" }]);
    const forbidden = (why: string) => new ApiError("FORBIDDEN", `This download link ${why}; ask /download for a new one`);
    const claims = { tenantId: scope.tenantId, documentId: documentId!, revision: revision!, expires: expires!, holder: holderOf(principal) };
    // The signature covers the caller: a link used by anyone else, or altered, is refused before anything is read.
    if (!(await verifyLink(c.env, claims, signature!))) throw forbidden("is not valid for you");
    if (claims.expires < Date.now()) throw forbidden("has expired");
    const document = await findDocument(scope, claims.documentId);
    if (document?.kind !== "drawing" || document.number !== drawing.drawing_number || document.rev !== revision) throw forbidden("does not name this drawing");
    const object = await c.env.FILES.get(document.r2_key);
    if (!object) throw notFound("Drawing file");
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.kind === "api_key" ? principal.keyId : principal.userId,
      action: "drawing.downloaded",
      target_type: "drawing",
      target_id: drawing.id,
      data: { drawing_number: drawing.drawing_number, revision, format: document.ext, document_id: document.id, sha256: document.sha256 },
      request_id: c.get("requestId"),
    });
    return c.body(object.body as unknown as ReadableStream, 200, {
      "content-type": document.content_type,
      "content-length": String(object.size),
      "content-disposition": `attachment; filename="${drawing.drawing_number}-${revision}.${document.ext}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  })
  .openapi(routes.revise, async (c) => {
    const scope = scopeOf(c);
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const outcome = await reviseDrawing(c.env, scope, drawing, {
      reason: body.reason,
      changes: body.changes,
      revises: body.revision,
      created_by: holderOf(principalOf(c)),
    });
    if ("refused" in outcome) throw new ApiError("CONFLICT", outcome.refused!.message, [outcome.refused!]);
    try {
      await scope.db.batch(outcome.statements as [(typeof outcome.statements)[number], ...typeof outcome.statements]);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new ApiError("CONFLICT", `Drawing ${drawing.drawing_number} was revised at the same time; its revision ${outcome.revision} exists`, [
        { field: "revision", message: "is taken", value: outcome.revision },
      ]);
    }
    await dispatchOutbox(c.env, scope.tenantId, [outcome.eventId]);
    const revision = (await revisionsOfDrawing(scope, drawing.id)).find((r) => r.revision === outcome.revision)!;
    return ok(c, presentRevision(revision), 201);
  })
  .openapi(routes.approve, async (c) => {
    const scope = scopeOf(c);
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    const principal = principalOf(c);
    const id = await decideOnDrawing(c.env, scope, drawing, principal, c.req.valid("json"), c.get("requestId"));
    const [approval] = await presentApprovals(
      scope,
      (await approvalsOfDrawing(scope, drawing.id)).filter((a) => a.id === id),
      isStaff(principal.role),
    );
    return ok(c, approval, 201);
  })
  .openapi(routes.approvals, async (c) => {
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    return ok(c, await presentApprovals(scopeOf(c), await approvalsOfDrawing(scopeOf(c), drawing.id), isStaff(principalOf(c).role)));
  })
  .openapi(routes.revisions, async (c) => {
    const drawing = await visibleDrawing(c, c.req.valid("param").id);
    return ok(c, (await revisionsOfDrawing(scopeOf(c), drawing.id)).map(presentRevision));
  });
