import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { audit } from "../db/audit.ts";
import { findDocument } from "../db/drawings.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import { findTechnicalPackage, type TechnicalPackage } from "../db/technical-packages.ts";
import { holderOf, LINK_TTL_MS, signLink, verifyLink } from "../drawings/links.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { isRecoverable, PACKAGE_KIND, queueTechnicalPackage } from "../technical-package/build.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { IdParam, iso } from "./schemas.ts";

const TechnicalPackageView = z
  .object({
    status: z.enum(["none", "queued", "building", "ready", "failed"]).openapi({ description: "none: never asked for" }),
    pdf_url: z
      .string()
      .nullable()
      .openapi({ description: `Signed for the caller, works for ${LINK_TTL_MS / 60000} minutes; null until ready` }),
    zip_url: z.string().nullable().openapi({ description: "The DXF of every drawing sheet, zipped; signed like pdf_url" }),
    error_code: z.string().nullable().openapi({ description: "Why it failed: GENERATION_FAILED, TIMED_OUT (it never finished) or the engine's refusal" }),
    retryable: z
      .boolean()
      .openapi({ description: "Failed, and building it again may succeed (POST); false for a refusal that stands until the quote changes" }),
    requested_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi("TechnicalPackage");

const FileQuery = z.object({
  document: z.string().max(64).optional(),
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(200).optional(),
});

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { "application/json": { schema: envelope(schema) } } });

/** The quote the signed-in caller may see, or 404 (another tenant's or company's looks exactly like none). */
async function visibleQuote(c: Context<TenantEnv>, id: string) {
  const viewer = await viewerOf(c, false);
  if (!viewer || viewer.kind === "guest") throw new ApiError("UNAUTHORIZED", "Sign in to see technical packages");
  const quote = await findQuote(scopeOf(c), id, viewer);
  if (!quote) throw notFound("Quote");
  return quote;
}

const routes = {
  request: defineRoute({
    permission: "quotes:write",
    method: "post",
    path: "/{id}/technical-package",
    tags: ["Quotes"],
    summary:
      "Build the quote's technical package in the background: one PDF (cover, a datasheet and the drawings of each configured item, bill of materials, lead time, terms) and a ZIP of the DXFs; identical inputs reuse the stored files",
    request: { params: IdParam },
    responses: { 202: json("Queued; poll GET for its status", TechnicalPackageView), ...errorResponses(401, 404, 422) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/technical-package",
    tags: ["Quotes"],
    summary: "The quote's technical package: its status and, when ready, short-lived links signed for the caller",
    request: { params: IdParam },
    responses: { 200: json("Technical package", TechnicalPackageView), ...errorResponses(401, 404) },
  }),
  file: defineRoute({
    permission: "quotes:read",
    method: "get",
    path: "/{id}/technical-package/file",
    tags: ["Quotes"],
    summary: "A technical package file through a signed link from GET technical-package; it works only for whoever it was signed for, until it expires",
    request: { params: IdParam, query: FileQuery },
    responses: {
      200: { description: "The file", content: { "application/pdf": { schema: z.any() }, "application/zip": { schema: z.any() } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
};

async function present(c: Context<TenantEnv>, quoteId: string, row: TechnicalPackage | undefined) {
  const link = async (documentId: string | null) => {
    const document = documentId ? await findDocument(scopeOf(c), documentId) : undefined;
    if (!document) return null;
    const expires = Date.now() + LINK_TTL_MS;
    const signature = await signLink(c.env, {
      tenantId: scopeOf(c).tenantId,
      documentId: document.id,
      revision: document.rev,
      expires,
      holder: holderOf(principalOf(c)),
    });
    return `/api/v1/quotes/${quoteId}/technical-package/file?${new URLSearchParams({ document: document.id, expires: String(expires), signature })}`;
  };
  const ready = row?.status === "ready";
  return {
    status: row?.status ?? ("none" as const),
    pdf_url: ready ? await link(row.pdf_document_id) : null,
    zip_url: ready ? await link(row.zip_document_id) : null,
    error_code: row?.error_code ?? null,
    retryable: row?.status === "failed" && isRecoverable(row.error_code),
    requested_at: iso(row?.requested_at ?? null),
    finished_at: iso(row?.finished_at ?? null),
  };
}

export const technicalPackagesRouter = createRouter()
  .openapi(routes.request, async (c) => {
    const scope = scopeOf(c);
    const quote = await visibleQuote(c, c.req.valid("param").id);
    if (!(await quoteItemsOf(scope, quote.id)).some((i) => i.configuration_id))
      throw new ApiError("UNPROCESSABLE_ENTITY", "This quote has no configured products, so it has no technical package", [
        { field: "id", message: "has no configured products", value: quote.id },
      ]);
    await queueTechnicalPackage(c.env, scope, quote.id);
    return ok(c, await present(c, quote.id, await findTechnicalPackage(scope, quote.id)), 202);
  })
  .openapi(routes.get, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    return ok(c, await present(c, quote.id, await findTechnicalPackage(scopeOf(c), quote.id)));
  })
  .openapi(routes.file, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    // Checked on every use: the caller may have lost sight of the quote since the link was made.
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const { document: documentId, expires, signature } = c.req.valid("query");
    const missing = Object.entries({ document: documentId, expires, signature }).find(([, v]) => v === undefined);
    if (missing)
      throw new ApiError("INVALID_REQUEST", `A download link carries ${missing[0]}; ask GET technical-package for one`, [
        { field: missing[0], message: "is required" },
      ]);
    const forbidden = (why: string) => new ApiError("FORBIDDEN", `This download link ${why}; ask GET technical-package for a new one`);
    const document = await findDocument(scope, documentId!);
    const claims = { tenantId: scope.tenantId, documentId: documentId!, revision: document?.rev ?? "", expires: expires!, holder: holderOf(principal) };
    if (!document || !(await verifyLink(c.env, claims, signature!))) throw forbidden("is not valid for you");
    if (claims.expires < Date.now()) throw forbidden("has expired");
    if (document.kind !== PACKAGE_KIND || document.number !== quote.number) throw forbidden("does not name this quote's package");
    const object = await c.env.FILES.get(document.r2_key);
    if (!object) throw notFound("Technical package file");
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.kind === "api_key" ? principal.keyId : principal.userId,
      action: "technical_package.downloaded",
      target_type: "quote",
      target_id: quote.id,
      data: { quote_number: quote.number, format: document.ext, document_id: document.id, sha256: document.sha256 },
      request_id: c.get("requestId"),
    });
    return c.body(object.body as unknown as ReadableStream, 200, {
      "content-type": document.content_type,
      "content-length": String(object.size),
      "content-disposition": `attachment; filename="${quote.number}-technical-package.${document.ext}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
