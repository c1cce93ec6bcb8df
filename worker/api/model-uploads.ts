import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam } from "./schemas.ts";
import {
  CONTENT_TYPE,
  ModelView,
  UPLOAD_TYPES,
  UploadQuery,
  authorizeUpload,
  checkTriangleBudget,
  checkUploadSize,
  presentModel,
  recordModel,
  refuseCadExchange,
  viewerOf,
} from "./models.ts";
import { detectFormat, DETECT_BYTES } from "../../engine/mesh/index.ts";
import { deleteModelUpload, findModelUpload, insertModelUpload, recordPart, type ModelUpload } from "../db/model-uploads.ts";
import { tenantOf, scopeOf } from "../middleware/tenant.ts";
import { hashObject, promote } from "../storage/content-store.ts";
import { modelKey, uploadTempKey } from "../storage/keys.ts";
import { peek } from "../storage/streams.ts";

/**
 * Files too large for one request travel as R2 multipart parts through the
 * Worker: start → PUT each part (the browser shows progress per part) →
 * complete, which hashes the whole, moves it to its content address and
 * queues the analysis like any upload.
 */
export const PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;

const UploadView = z
  .object({
    id: z.string(),
    part_size: z.number().int(),
    part_count: z.number().int(),
    size_bytes: z.number().int(),
    parts_received: z.array(z.number().int()),
  })
  .openapi("ModelUpload");

const present = (u: ModelUpload) => ({
  id: u.id,
  part_size: u.part_size,
  part_count: Math.ceil(u.size_bytes / u.part_size),
  size_bytes: u.size_bytes,
  parts_received: Object.keys(u.parts)
    .map(Number)
    .sort((a, b) => a - b),
});

const unsupported = (filename: string) =>
  new ApiError("UNSUPPORTED_MEDIA_TYPE", `${filename} is not an STL, OBJ, 3MF, DXF or SVG file`, [
    { field: "filename", message: "unsupported format", value: filename },
  ]);

const PartParams = IdParam.extend({
  part: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PARTS)
    .openapi({ param: { name: "part", in: "path" } }),
});

async function visibleUpload(c: Context<TenantEnv>, id: string) {
  const viewer = await viewerOf(c, false);
  const upload = viewer && (await findModelUpload(scopeOf(c), id, viewer));
  if (!upload) throw notFound("Upload");
  return upload;
}

const routes = {
  start: defineRoute({
    permission: "models:write",
    guest: true,
    method: "post",
    path: "/uploads",
    tags: ["Models"],
    summary: "Start a multipart upload for a file larger than one request allows",
    request: {
      query: UploadQuery,
      body: { content: { "application/json": { schema: z.strictObject({ size_bytes: z.number().int().min(1) }).openapi("StartUpload") } }, required: true },
    },
    responses: {
      201: { description: "Started", content: { "application/json": { schema: envelope(UploadView) } } },
      ...errorResponses(400, 401, 403, 404, 413, 415, 429),
    },
  }),
  part: defineRoute({
    permission: "models:write",
    guest: true,
    method: "put",
    path: "/uploads/{id}/parts/{part}",
    body: "streamed",
    tags: ["Models"],
    summary: "Upload one part (raw bytes; every part but the last is exactly part_size)",
    request: {
      params: PartParams,
      body: { content: { "application/octet-stream": { schema: z.any().openapi({ type: "string", format: "binary" }) } }, required: true },
    },
    responses: {
      200: { description: "Stored", content: { "application/json": { schema: envelope(UploadView) } } },
      ...errorResponses(400, 401, 404, 409, 413, 415),
    },
  }),
  complete: defineRoute({
    permission: "models:write",
    guest: true,
    method: "post",
    path: "/uploads/{id}/complete",
    tags: ["Models"],
    summary: "Finish the upload: the file becomes a model and is analysed",
    request: { params: IdParam },
    responses: {
      202: { description: "Stored; analysis queued", content: { "application/json": { schema: envelope(ModelView) } } },
      ...errorResponses(401, 404, 409),
    },
  }),
  abort: defineRoute({
    permission: "models:write",
    guest: true,
    method: "delete",
    path: "/uploads/{id}",
    tags: ["Models"],
    summary: "Abandon an upload and its parts",
    request: { params: IdParam },
    responses: {
      200: { description: "Aborted", content: { "application/json": { schema: envelope(z.object({ aborted: z.boolean() })) } } },
      ...errorResponses(401, 404),
    },
  }),
};

export const modelUploadsRouter = createRouter()
  .openapi(routes.start, async (c) => {
    await authorizeUpload(c);
    const tenant = tenantOf(c);
    const { filename, units } = c.req.valid("query");
    const { size_bytes } = c.req.valid("json");
    refuseCadExchange(filename);
    checkUploadSize(c, size_bytes, "size_bytes");
    if (size_bytes > PART_SIZE * MAX_PARTS)
      throw new ApiError("PAYLOAD_TOO_LARGE", "The file has too many parts", [{ field: "size_bytes", message: "too large" }]);
    // Content is checked when part 1 arrives; a name no reader would accept is refused now.
    if (!detectFormat(new Uint8Array(0), { filename })) throw unsupported(filename);
    const viewer = (await viewerOf(c, true))!;
    const id = crypto.randomUUID();
    const key = uploadTempKey(tenant.id, id);
    const multipart = await c.env.FILES.createMultipartUpload(key);
    const upload = await insertModelUpload(scopeOf(c), {
      id,
      r2_key: key,
      r2_upload_id: multipart.uploadId,
      filename,
      units,
      size_bytes,
      part_size: PART_SIZE,
      owner_user_id: c.get("principal")?.userId ?? null,
      customer_id: viewer.kind === "customer" ? viewer.customerId : null,
      guest_session_hash: viewer.kind === "guest" ? viewer.sessionHash : null,
    });
    return ok(c, present(upload), 201);
  })
  .openapi(routes.part, async (c) => {
    const { id, part } = c.req.valid("param");
    const upload = await visibleUpload(c, id);
    const count = Math.ceil(upload.size_bytes / upload.part_size);
    if (part > count)
      throw new ApiError("INVALID_REQUEST", `This upload has ${count} parts`, [{ field: "part", message: `must be at most ${count}`, value: part }]);
    const expected = part < count ? upload.part_size : upload.size_bytes - (count - 1) * upload.part_size;
    const type = c.req.header("content-type")?.split(";")[0].trim().toLowerCase();
    if (type && !UPLOAD_TYPES.test(type))
      throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the part's raw bytes", [
        { field: "Content-Type", message: "must be application/octet-stream", value: type },
      ]);
    const length = Number(c.req.header("content-length"));
    if (length !== expected || !c.req.raw.body) {
      throw new ApiError("INVALID_REQUEST", `Part ${part} must be ${expected} bytes`, [
        { field: "Content-Length", message: `must be ${expected}`, value: c.req.header("content-length") ?? null },
      ]);
    }
    let body: ReadableStream<Uint8Array> = c.req.raw.body;
    if (part === 1) {
      // The first bytes tell the format: refuse a file we cannot read before taking the rest.
      const peeked = await peek(body, DETECT_BYTES);
      const kind = detectFormat(peeked.head, { size: upload.size_bytes, filename: upload.filename });
      if (!kind) {
        await peeked.stream.cancel();
        refuseCadExchange(upload.filename, peeked.head);
        throw unsupported(upload.filename);
      }
      checkTriangleBudget(c, kind, upload.size_bytes);
      body = peeked.stream;
    }
    const fixed = new FixedLengthStream(expected);
    const multipart = c.env.FILES.resumeMultipartUpload(upload.r2_key, upload.r2_upload_id);
    const [uploaded] = await Promise.all([multipart.uploadPart(part, fixed.readable), body.pipeTo(fixed.writable)]);
    const scope = scopeOf(c);
    await recordPart(scope, upload.id, part, uploaded.etag);
    return ok(c, present((await findModelUpload(scope, upload.id, (await viewerOf(c, false))!))!));
  })
  .openapi(routes.complete, async (c) => {
    const upload = await visibleUpload(c, c.req.valid("param").id);
    const count = Math.ceil(upload.size_bytes / upload.part_size);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !upload.parts[String(n)]);
    if (missing.length > 0)
      throw new ApiError("CONFLICT", `Parts ${missing.slice(0, 10).join(", ")} have not arrived`, [
        { field: "parts", message: "missing", value: missing.slice(0, 10) },
      ]);
    const tenant = tenantOf(c);
    const multipart = c.env.FILES.resumeMultipartUpload(upload.r2_key, upload.r2_upload_id);
    await multipart.complete(Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, etag: upload.parts[String(i + 1)] })));
    const head = await c.env.FILES.get(upload.r2_key, { range: { offset: 0, length: DETECT_BYTES } });
    const kind = head && detectFormat(new Uint8Array(await head.arrayBuffer()), { size: upload.size_bytes, filename: upload.filename });
    if (!kind) {
      await c.env.FILES.delete(upload.r2_key);
      throw unsupported(upload.filename);
    }
    const sha256 = await hashObject(c.env.FILES, upload.r2_key);
    const stored = await promote(c.env.FILES, upload.r2_key, sha256, upload.size_bytes, (sha) => modelKey(tenant.id, sha), CONTENT_TYPE[kind]);
    await deleteModelUpload(scopeOf(c), upload.id);
    const viewer = (await viewerOf(c, false))!;
    const model = await recordModel(c, viewer, { kind, filename: upload.filename, units: upload.units, stored });
    return ok(c, await presentModel(c, viewer, model), 202);
  })
  .openapi(routes.abort, async (c) => {
    const upload = await visibleUpload(c, c.req.valid("param").id);
    await c.env.FILES.resumeMultipartUpload(upload.r2_key, upload.r2_upload_id).abort();
    await deleteModelUpload(scopeOf(c), upload.id);
    return ok(c, { aborted: true });
  });
