import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import { type Viewer, viewerOfRole } from "../db/viewer.ts";
import { createRouter } from "./router.ts";
import { picture, pictureResponses } from "./pictures.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, listEnvelope, ok, okList, orNull } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { detectFormat, DETECT_BYTES, type FileKind } from "../../engine/mesh/index.ts";
import { fileProblem, isCadExchangeFile } from "../../engine/mesh/file-problems.ts";
import { CAD_EXTENSION } from "../../engine/mesh/cad-exchange.ts";
import { guestSessionHash } from "../auth/guest.ts";
import { actingGuestHash } from "../db/guest-links.ts";
import type { Permission } from "../auth/permissions.ts";
import { findModel, insertModel, listModels, type Model } from "../db/models.ts";
import { can } from "../middleware/auth.ts";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit.ts";
import { enforceCustomerUploadQuota } from "./upload-quota.ts";
import { tenantOf, scopeOf } from "../middleware/tenant.ts";
import { storeContentAddressed, type Stored } from "../storage/content-store.ts";
import { modelKey, thumbnailKey } from "../storage/keys.ts";
import { stripBidiControls } from "./file-name.ts";
import { peek } from "../storage/streams.ts";
import { AnalysisSchema } from "./analysis-schema.ts";
import { audit } from "../db/audit.ts";
import { LINK_TTL_MS } from "../drawings/links.ts";
import { checkSignedLink, SignedLinkQuery, signedPath } from "./signed-links.ts";

export const KIND_FORMAT: Record<FileKind, string> = { "stl-binary": "stl", "stl-ascii": "stl", obj: "obj", "3mf": "3mf", dxf: "dxf", svg: "svg" };
export const CONTENT_TYPE: Record<FileKind, string> = {
  "stl-binary": "model/stl",
  "stl-ascii": "model/stl",
  obj: "model/obj",
  "3mf": "model/3mf",
  dxf: "image/vnd.dxf",
  // Never served inline from the shop's origin: stored as a download type.
  svg: "application/octet-stream",
};

/** Raw file bodies: what browsers and tools send for a part file. */
export const UPLOAD_TYPES =
  /^(application\/octet-stream|model\/[\w.+-]+|application\/(sla|vnd\.ms-pki\.stl|vnd\.ms-package\.3dmanufacturing-3dmodel\+xml|dxf)|image\/(svg\+xml|vnd\.dxf)|text\/plain)$/;

export const ModelView = z
  .object({
    id: z.string(),
    filename: z.string(),
    format: z.string(),
    units: z.enum(["mm", "in"]),
    size_bytes: z.number().int(),
    sha256: z.string(),
    status: z.enum(["pending", "analyzed", "failed"]),
    analysis: orNull(AnalysisSchema),
    error: z
      .object({
        code: z.string(),
        message: z.string().openapi({ description: "The technical reason (for the shop and for a details toggle)" }),
        buyer_message: z.string().openapi({ description: "What went wrong, in words for the customer" }),
        hint: z.string().openapi({ description: "What the customer can do next" }),
      })
      .nullable(),
    download_url: z
      .string()
      .nullable()
      .openapi({
        description: `The file (for a STEP/IGES part, the mesh tessellated from it), signed for the caller: works for ${LINK_TTL_MS / 60000} minutes, for the caller only (read the model again for a fresh one)`,
      }),
    source: z
      .object({
        format: z.enum(["step", "iges"]),
        size_bytes: z.number().int(),
        sha256: z.string(),
        download_url: z.string().nullable().openapi({ description: "The original STEP/IGES file, signed for the caller like `download_url`" }),
      })
      .nullable()
      .openapi({
        description:
          "The STEP/IGES file this model's mesh was tessellated from in the buyer's browser (null for a mesh uploaded as it is); its price is confirmed by the shop",
      }),
    created_at: z.string().nullable(),
    analyzed_at: z.string().nullable(),
  })
  .openapi("Model");

/** The model's stored files as their routes serve them and their links name them: the file itself, and a STEP/IGES original. */
const STORED_FILES = {
  file: (m: Model) => ({ key: m.r2_key, path: `/api/v1/models/${m.id}/file`, documentId: `model.${m.id}`, revision: m.sha256 }),
  source: (m: Model) =>
    m.source_r2_key
      ? { key: m.source_r2_key, path: `/api/v1/models/${m.id}/source`, documentId: `model-source.${m.id}`, revision: m.source_sha256 ?? "" }
      : null,
};
type StoredFile = keyof typeof STORED_FILES;

const linkTo = async (c: Context<TenantEnv>, viewer: Viewer, file: ReturnType<(typeof STORED_FILES)[StoredFile]>) =>
  file && signedPath(c, viewer, file.path, file);

/** A model as `viewer` sees it, with download links signed for them. */
export const presentModel = async (c: Context<TenantEnv>, viewer: Viewer, m: Model) => ({
  id: m.id,
  filename: m.filename,
  format: KIND_FORMAT[m.kind],
  units: m.units,
  size_bytes: m.size_bytes,
  sha256: m.sha256,
  status: m.status,
  analysis: (m.analysis as z.infer<typeof AnalysisSchema> | null) ?? null,
  error: m.error_code ? presentError(m.error_code, m.error_message ?? "") : null,
  download_url: await linkTo(c, viewer, STORED_FILES.file(m)),
  source: m.source_format
    ? {
        format: m.source_format,
        size_bytes: m.source_size_bytes ?? 0,
        sha256: m.source_sha256 ?? "",
        download_url: await linkTo(c, viewer, STORED_FILES.source(m)),
      }
    : null,
  created_at: iso(m.created_at),
  analyzed_at: iso(m.analyzed_at),
});

const presentError = (code: string, message: string) => {
  const { title, next } = fileProblem(code);
  return { code, message, buyer_message: title, hint: next };
};

/** STEP and IGES are not taken as a raw body: the browser tessellates them and sends both to POST /models/cad. */
export function refuseCadExchange(filename: string, head?: Uint8Array) {
  if (!isCadExchangeFile(filename, head)) return;
  const { title, next } = fileProblem("CAD_EXCHANGE_NOT_SUPPORTED");
  throw new ApiError("UNSUPPORTED_MEDIA_TYPE", `${title} ${next}`, [
    { field: "file", message: "send STEP and IGES with their tessellated mesh to POST /models/cad", value: filename },
  ]);
}

export const UploadQuery = z.object({
  filename: z
    .string()
    .min(1)
    .max(255)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    .regex(/^[^\\/\u0000-\u001f]+$/, "must be a plain file name")
    .overwrite(stripBidiControls)
    .refine((name) => name.trim().length > 0, "must be a plain file name")
    .openapi({ example: "bracket.stl" }),
  units: z.enum(["mm", "in"]).default("mm").openapi({ description: "Units of STL/OBJ coordinates and unitless DXF" }),
});

/**
 * The caller as a viewer of customer-owned rows, for a permission (by default
 * the one the route declared): staff only with the permission, so a staff API
 * key without the scope is nobody's viewer; a customer sees its own; a guest
 * (where the shop allows it) its guest session's.
 */
export async function viewerOf(c: Context<TenantEnv>, create: boolean, permission: Permission | null = routePermission(c)): Promise<Viewer | null> {
  const p = c.get("principal");
  if (p) {
    if (!permission || !can(p, permission)) return null;
    return viewerOfRole(p);
  }
  if (!tenantOf(c).settings.guest_quoting) return null;
  const hash = await guestSessionHash(c, create);
  return hash ? { kind: "guest", sessionHash: await actingGuestHash(scopeOf(c), hash) } : null;
}

const routePermission = (c: Context<TenantEnv>): Permission | null => {
  const { permission } = c.get("access");
  return permission === "public" || permission === "signed_in" || permission === "session" ? null : permission;
};

const upload = defineRoute({
  permission: "models:write",
  guest: true,
  method: "post",
  path: "/",
  body: "streamed",
  tags: ["Models"],
  summary: "Upload a part (raw body: STL, OBJ, 3MF, DXF or SVG); analysed on the server",
  request: {
    query: UploadQuery,
    body: { content: { "application/octet-stream": { schema: z.any().openapi({ type: "string", format: "binary" }) } }, required: true },
  },
  responses: {
    202: { description: "Stored; analysis queued", content: { "application/json": { schema: envelope(ModelView) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const get = defineRoute({
  permission: "models:read",
  guest: true,
  method: "get",
  path: "/{id}",
  tags: ["Models"],
  summary: "A model with its analysis status",
  request: { params: IdParam },
  responses: { 200: { description: "Model", content: { "application/json": { schema: envelope(ModelView) } } }, ...errorResponses(401, 404) },
});

const file = defineRoute({
  permission: "models:read",
  guest: true,
  method: "get",
  path: "/{id}/file",
  tags: ["Models"],
  summary:
    "The uploaded file itself (always as a download, never rendered inline; a STEP/IGES part's mesh as STL). Through the model's `download_url`, the link works only for whoever it was signed for, until it expires",
  request: { params: IdParam, query: SignedLinkQuery },
  responses: {
    200: { description: "The file", content: { "application/octet-stream": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const thumbnail = defineRoute({
  permission: "models:read",
  guest: true,
  method: "get",
  path: "/{id}/thumbnail",
  tags: ["Models"],
  summary: "A 256 × 256 PNG picture of an analysed mesh part (404 until it is analysed; 2D profiles have none)",
  request: { params: IdParam },
  responses: pictureResponses,
});

const list = defineRoute({
  permission: "models:read",
  guest: true,
  method: "get",
  path: "/",
  tags: ["Models"],
  summary: "The caller's models, newest first",
  request: { query: ListQuery },
  responses: { 200: { description: "Models", content: { "application/json": { schema: listEnvelope(ModelView) } } }, ...errorResponses(400, 401, 404) },
});

/** A model the caller may see, and who they are; 404 otherwise (another tenant's, another company's, or none). */
async function visibleModel(c: Context<TenantEnv>, id: string) {
  const viewer = await viewerOf(c, false);
  const model = viewer && (await findModel(scopeOf(c), id, viewer));
  if (!viewer || !model) throw notFound("Model");
  return { viewer, model };
}

/** An R2 object belonging to a model the caller may see; 404 when either is missing (or the model has no such object). */
export async function storedObjectOf(c: Context<TenantEnv>, id: string, keyOf: (model: Model) => string | null) {
  const { model } = await visibleModel(c, id);
  const key = keyOf(model);
  const object = key && (await c.env.FILES.get(key));
  if (!object) throw notFound("Model");
  return { model, object };
}

/** Guest uploads (the route lets guests in where the shop allows them) are rate-limited per IP, customers' per account and day. */
export async function authorizeUpload(c: Context<TenantEnv>) {
  const tenant = tenantOf(c);
  if (!c.get("principal")) await enforceRateLimit(c.env.GUEST_LIMITER, [`guest-upload:${tenant.id}:${clientIp(c.req.raw)}`]);
  else await enforceCustomerUploadQuota(c);
}

/** A binary STL states its triangle count in its size: one over the shop's limit is refused before it is stored. */
export function checkTriangleBudget(c: Context<TenantEnv>, kind: FileKind, size: number, field = "body") {
  const limit = tenantOf(c).settings.max_triangles;
  const triangles = (size - 84) / 50;
  if (kind === "stl-binary" && triangles > limit) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The STL has ${triangles} triangles; this shop accepts up to ${limit}`, [
      { field, message: `at most ${limit} triangles`, value: triangles },
    ]);
  }
}

export function checkUploadSize(c: Context<TenantEnv>, length: number, field: string) {
  const limit = tenantOf(c).settings.max_upload_bytes;
  if (length > limit) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The file is ${length} bytes; this shop accepts up to ${limit} bytes`, [
      { field, message: `must be at most ${limit} bytes`, value: length },
    ]);
  }
}

/**
 * Records stored bytes as the caller's model, pending, and queues its analysis.
 * Storage is content-addressed, but the answer never says so: an identical file
 * someone else uploaded is answered like any new file (202, pending), and the
 * consumer then reuses that analysis instead of running the kernel again.
 */
export async function recordModel(
  c: Context<TenantEnv>,
  viewer: Viewer,
  file: {
    kind: FileKind;
    filename: string;
    units: "mm" | "in";
    stored: Stored;
    /** A STEP/IGES original the stored mesh was tessellated from (model-cad-uploads.ts). */
    source?: { format: "step" | "iges"; stored: Stored };
  },
): Promise<Model> {
  const tenant = tenantOf(c);
  const scope = scopeOf(c);
  const model = (await insertModel(scope, {
    id: crypto.randomUUID(),
    owner_user_id: c.get("principal")?.userId ?? null,
    customer_id: viewer.kind === "customer" ? viewer.customerId : null,
    guest_session_hash: viewer.kind === "guest" ? viewer.sessionHash : null,
    filename: file.filename,
    kind: file.kind,
    units: file.units,
    size_bytes: file.stored.size,
    sha256: file.stored.sha256,
    r2_key: file.stored.key,
    status: "pending",
    analysis: null,
    analyzed_at: null,
    source_format: file.source?.format ?? null,
    source_sha256: file.source?.stored.sha256 ?? null,
    source_r2_key: file.source?.stored.key ?? null,
    source_size_bytes: file.source?.stored.size ?? null,
  })) as Model;
  await c.env.ANALYSIS_QUEUE.send({ kind: "model.analyze", tenant_id: tenant.id, model_id: model.id });
  return model;
}

/**
 * A model's stored file for the caller: 404 unless they see the model and it has that file; with a
 * signed link, that link's checks (403 for someone else's, an altered or an expired one), and an
 * audit row naming who downloaded what.
 */
export async function downloadModelFile(c: Context<TenantEnv>, which: StoredFile, id: string, query: z.infer<typeof SignedLinkQuery>) {
  const { viewer, model } = await visibleModel(c, id);
  const stored = STORED_FILES[which](model);
  if (!stored) throw notFound("Model");
  const signed = await checkSignedLink(c, viewer, stored, query, "open the part's quote again for a new one");
  const object = await c.env.FILES.get(stored.key);
  if (!object) throw notFound("Model");
  const principal = c.get("principal");
  if (signed && principal)
    await audit(scopeOf(c), {
      actor_type: principal.kind,
      actor_id: principal.kind === "api_key" ? principal.keyId : principal.userId,
      action: "model.downloaded",
      target_type: "model",
      target_id: model.id,
      data: { file: which, filename: model.filename },
      request_id: c.get("requestId"),
    });
  // A STEP/IGES part's file is the mesh tessellated from it: named as the STL it is.
  const filename = which === "file" && model.source_format ? `${model.filename.replace(CAD_EXTENSION, "")}.stl` : model.filename;
  return downloadOf(c, filename, object);
}

/**
 * A buyer's stored file as a download. An uploaded SVG must never run as a page of the shop's origin:
 * octet-stream, attachment, no sniffing.
 */
export const downloadOf = (c: Context, filename: string, object: R2ObjectBody) =>
  c.body(object.body as unknown as ReadableStream, 200, {
    "content-type": "application/octet-stream",
    "content-disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "_")}"`,
    "x-content-type-options": "nosniff",
    "content-length": String(object.size),
    "cache-control": "private, max-age=3600",
  });

export const modelsRouter = createRouter()
  .openapi(upload, async (c) => {
    const tenant = tenantOf(c);
    const { filename, units } = c.req.valid("query");
    await authorizeUpload(c);
    const type = c.req.header("content-type")?.split(";")[0].trim().toLowerCase();
    if (type && !UPLOAD_TYPES.test(type)) {
      throw new ApiError("UNSUPPORTED_MEDIA_TYPE", `Send the file's raw bytes (application/octet-stream), not ${type}`, [
        { field: "Content-Type", message: "must be application/octet-stream or a model type", value: type },
      ]);
    }
    const declared = c.req.header("content-length");
    if (declared === undefined)
      throw new ApiError("INVALID_REQUEST", "Send the file with a Content-Length", [{ field: "Content-Length", message: "is required" }]);
    const length = Number(declared);
    if (!Number.isInteger(length) || length < 0)
      throw new ApiError("INVALID_REQUEST", "Content-Length is not a byte count", [
        { field: "Content-Length", message: "must be a whole number", value: declared },
      ]);
    if (length === 0 || !c.req.raw.body) throw new ApiError("INVALID_REQUEST", "The file is empty (0 bytes)", [{ field: "body", message: "is empty" }]);
    checkUploadSize(c, length, "body");
    refuseCadExchange(filename);
    const { head, stream } = await peek(c.req.raw.body, DETECT_BYTES);
    const kind = detectFormat(head, { size: length, filename });
    if (!kind) {
      await stream.cancel();
      refuseCadExchange(filename, head);
      const { title, next } = fileProblem("UNSUPPORTED_FORMAT");
      throw new ApiError("UNSUPPORTED_MEDIA_TYPE", `${filename}: ${title} ${next}`, [{ field: "filename", message: "unsupported format", value: filename }]);
    }
    checkTriangleBudget(c, kind, length);
    const viewer = (await viewerOf(c, true))!;
    const stored = await storeContentAddressed(c.env.FILES, tenant.id, stream, length, (sha) => modelKey(tenant.id, sha), CONTENT_TYPE[kind]);
    const model = await recordModel(c, viewer, { kind, filename, units, stored });
    return ok(c, await presentModel(c, viewer, model), 202);
  })
  .openapi(get, async (c) => {
    const { viewer, model } = await visibleModel(c, c.req.valid("param").id);
    return ok(c, await presentModel(c, viewer, model));
  })
  .openapi(file, (c) => downloadModelFile(c, "file", c.req.valid("param").id, c.req.valid("query")))
  .openapi(thumbnail, async (c) => {
    const { object } = await storedObjectOf(c, c.req.valid("param").id, (m) => thumbnailKey(m.tenant_id, m.sha256));
    return picture(c, object.body as unknown as ReadableStream);
  })
  .openapi(list, async (c) => {
    const viewer = await viewerOf(c, false);
    if (!viewer) throw new ApiError("UNAUTHORIZED", "Sign in to see your parts");
    const { data, pagination } = await listModels(scopeOf(c), viewer, c.req.valid("query"));
    return okList(c, await Promise.all(data.map((m) => presentModel(c, viewer, m))), pagination);
  });
