import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { audit } from "../db/audit.ts";
import { DOCUMENT_TYPES, findVisibleDocument, listDocuments, type DocumentRow } from "../db/documents.ts";
import { findVisibleOrder } from "../db/orders.ts";
import { findProject } from "../db/projects.ts";
import type { Viewer } from "../db/viewer.ts";
import { documentFile, documentTitle } from "../documents/files.ts";
import { CONTENT_TYPES } from "../drawings/render.ts";
import { holderOf, LINK_TTL_MS, signLink, verifyLink } from "../drawings/links.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { projectViewerOf } from "../portal/projects.ts";
import type { TenantEnv } from "./context.ts";
import { errorResponses, listEnvelope, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { Id, iso, ListQuery } from "./schemas.ts";

const DocumentView = z
  .object({
    id: z.string().openapi({ description: "`{type}.{id}` (a drawing's adds `.{revision}`)", example: "quote.6f1c1a8e-4f3e-4f4f-9a55-0d3c0f7a1e2b" }),
    type: z.enum(DOCUMENT_TYPES),
    title: z.string(),
    revision: z.string().nullable().openapi({ description: "A quote's revision number, a drawing's letter, a technical package's input digest" }),
    superseded: z.boolean().openapi({ description: "A drawing revision replaced by a later one" }),
    created_at: z.string(),
    quote_id: z.string().nullable(),
    order_id: z.string().nullable(),
    project_id: z.string().nullable(),
    download_url: z.string().openapi({ description: `Signed for the caller; works for ${LINK_TTL_MS / 60000} minutes (list again for a fresh one)` }),
  })
  .openapi("Document");

const DocumentIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: "id", in: "path" } }),
});

const FileQuery = z.object({
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(200).optional(),
});

// PDFs, and a drawing issued without one in the format it was issued in.
const FILE_CONTENT = Object.fromEntries(Object.values(CONTENT_TYPES).map((t) => [t, { schema: z.any().openapi({ type: "string", format: "binary" }) }]));

const routes = {
  list: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/",
    tags: ["Documents"],
    summary:
      "Every document the caller may see, newest first: quote PDFs, order confirmations, drawing revisions (superseded ones marked), technical packages, specifications, packing lists, delivery notes, QC reports and invoices — each with a download link signed for the caller",
    request: {
      query: ListQuery.extend({
        project_id: Id.optional().openapi({ description: "Only the documents of this project" }),
        order_id: Id.optional().openapi({ description: "Only the documents of this order: its quote's, drawings, shipping documents, QC report and invoice" }),
        type: z.enum(DOCUMENT_TYPES).optional(),
      }),
    },
    responses: {
      200: { description: "Documents", content: { "application/json": { schema: listEnvelope(DocumentView) } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  file: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/file",
    tags: ["Documents"],
    summary: "A document's file through its signed link from GET /documents; the link works only for whoever it was signed for, until it expires",
    request: { params: DocumentIdParam, query: FileQuery },
    responses: {
      200: { description: "The file", content: FILE_CONTENT },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
};

/** Signed-in people and keys only: documents belong to a company or the shop, never to a guest session. */
async function documentViewer(c: Context<TenantEnv>): Promise<Viewer> {
  const viewer = await viewerOf(c, false);
  if (!viewer || viewer.kind === "guest") throw new ApiError("UNAUTHORIZED", "Sign in to see your documents");
  return viewer;
}

const claimsOf = (c: Context<TenantEnv>, d: DocumentRow, expires: number) => ({
  tenantId: scopeOf(c).tenantId,
  documentId: d.id,
  revision: d.revision ?? "",
  expires,
  holder: holderOf(principalOf(c)),
});

async function present(c: Context<TenantEnv>, d: DocumentRow) {
  const expires = Date.now() + LINK_TTL_MS;
  const signature = await signLink(c.env, claimsOf(c, d, expires));
  return {
    id: d.id,
    type: d.type,
    title: documentTitle(d),
    revision: d.revision,
    superseded: d.superseded,
    created_at: iso(d.at)!,
    quote_id: d.quote_id,
    order_id: d.order_id,
    project_id: d.project_id,
    download_url: `/api/v1/documents/${encodeURIComponent(d.id)}/file?${new URLSearchParams({ expires: String(expires), signature })}`,
  };
}

export const documentsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const { limit, cursor, project_id, order_id, type } = c.req.valid("query");
    const scope = scopeOf(c);
    const viewer = await documentViewer(c);
    if (project_id !== undefined) {
      // A project named by the caller: one they are not assigned to (or another company's) is a 404 like any unknown id.
      const projectViewer = projectViewerOf(principalOf(c));
      if (!projectViewer || !(await findProject(scope, project_id, projectViewer))) throw notFound("Project");
    }
    if (order_id !== undefined && !(await findVisibleOrder(scope, order_id, viewer))) throw notFound("Order");
    const { data, pagination } = await listDocuments(scope, viewer, { projectId: project_id, orderId: order_id, type }, { limit, cursor });
    return okList(c, await Promise.all(data.map((d) => present(c, d))), pagination);
  })
  .openapi(routes.file, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    // Looked up first and on every use: the caller may have lost sight of the document since the link was made.
    const document = await findVisibleDocument(scope, await documentViewer(c), c.req.valid("param").id);
    if (!document) throw notFound("Document");
    const { expires, signature } = c.req.valid("query");
    const missing = Object.entries({ expires, signature }).find(([, v]) => v === undefined);
    if (missing)
      throw new ApiError("INVALID_REQUEST", `A download link carries ${missing[0]}; take the link from the documents list`, [
        { field: missing[0], message: "is required" },
      ]);
    const forbidden = (why: string) => new ApiError("FORBIDDEN", `This download link ${why}; open the documents list again for a new one`);
    if (!(await verifyLink(c.env, claimsOf(c, document, expires!), signature!))) throw forbidden("is not valid for you");
    if (expires! < Date.now()) throw forbidden("has expired");
    const file = await documentFile(scope, c.env.FILES, tenantOf(c), document);
    if (!file) throw notFound("Document file");
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.kind === "api_key" ? principal.keyId : principal.userId,
      action: "document.downloaded",
      target_type: document.type,
      target_id: document.id,
      data: { title: documentTitle(document), revision: document.revision },
      request_id: c.get("requestId"),
    });
    return c.body(file.body as ReadableStream, 200, {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${file.filename}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
