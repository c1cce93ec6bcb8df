import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, unprocessable } from "./errors.ts";
import { authorizeUpload, checkTriangleBudget, downloadModelFile, ModelView, presentModel, recordModel, UploadQuery, viewerOf } from "./models.ts";
import { SignedLinkQuery } from "./signed-links.ts";
import { IdParam } from "./schemas.ts";
import { multipartBoundary, multipartParts, type StreamedPart } from "./multipart-stream.ts";
import { cadExchangeContent, cadExchangeFormat, MAX_CAD_EXCHANGE_BYTES } from "../../engine/mesh/cad-exchange.ts";
import { detectFormat, DETECT_BYTES } from "../../engine/mesh/index.ts";
import { tenantOf } from "../middleware/tenant.ts";
import { concat } from "../storage/streams.ts";
import { storeContentAddressed } from "../storage/content-store.ts";
import { modelKey } from "../storage/keys.ts";

/**
 * STEP and IGES uploads (decision 69). The server does not run OpenCascade: its wasm
 * alone is ~8 MB and a B-rep with its triangulation can take hundreds of MB, past an
 * isolate's 128 MB. The buyer's browser tessellates the file; this route stores the
 * original and that mesh (a binary STL), and the mesh is analysed by the kernel like any
 * STL. Since the server cannot check the mesh against the original, a quote item made
 * from it is priced but confirmed by the shop after review.
 */
const cadUpload = defineRoute({
  permission: "models:write",
  guest: true,
  method: "post",
  path: "/cad",
  body: "streamed",
  tags: ["Models"],
  summary: "Upload a STEP/IGES part with the mesh the browser tessellated from it; the mesh is analysed, the price confirmed by the shop",
  description:
    "multipart/form-data, in this order: `original` (the STEP or IGES file as the buyer chose it, at most 30 MB) and `mesh` (a binary STL in millimetres tessellated from it, e.g. by occt-import-js). `filename` names the original. The model's file is the mesh; `source` describes the original, which is kept for the shop.",
  request: {
    query: UploadQuery,
    body: {
      content: {
        // A plain schema: the handler reads the body as a stream, never whole through a validator.
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["original", "mesh"],
            properties: {
              original: { type: "string", format: "binary", description: "The STEP (ISO 10303-21) or IGES file" },
              mesh: { type: "string", format: "binary", description: "Binary STL in millimetres tessellated from the original" },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    202: { description: "Stored; the mesh's analysis queued", content: { "application/json": { schema: envelope(ModelView) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429),
  },
});

/**
 * The mesh's cap on this route (about a million triangles): the original (≤ 30 MB) and
 * the mesh are both held to be checked before anything is stored, within the isolate's 128 MB.
 */
const MAX_MESH_BYTES = 48 * 1024 * 1024;

const source = defineRoute({
  permission: "models:read",
  guest: true,
  method: "get",
  path: "/{id}/source",
  tags: ["Models"],
  summary:
    "The STEP/IGES file a model's mesh was tessellated from, as a download (404 for a model uploaded as a mesh). Through the model's `source.download_url`, the link works only for whoever it was signed for, until it expires",
  request: { params: IdParam, query: SignedLinkQuery },
  responses: {
    200: { description: "The original file", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const invalid = (field: string, message: string, detail: string, value?: unknown) =>
  new ApiError("VALIDATION_ERROR", message, [{ field, message: detail, ...(value === undefined ? {} : { value }) }]);

/** A form part, whole, refused past `limit` bytes (named by its field). */
async function collect(part: StreamedPart, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    size += chunk.length;
    if (size > limit)
      throw new ApiError("PAYLOAD_TOO_LARGE", `The ${part.name} file is larger than ${limit} bytes`, [
        { field: part.name, message: `must be at most ${limit} bytes` },
      ]);
    chunks.push(chunk);
  }
  return concat(chunks, size);
}

const streamOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream() as ReadableStream<Uint8Array>;

export const modelCadUploadsRouter = createRouter()
  .openapi(source, (c) => downloadModelFile(c, "source", c.req.valid("param").id, c.req.valid("query")))
  .openapi(cadUpload, async (c) => {
    const { filename } = c.req.valid("query");
    await authorizeUpload(c);
    const boundary = multipartBoundary(c.req.header("content-type"));
    if (!boundary || !c.req.raw.body)
      throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the STEP file and its mesh as a form upload (multipart/form-data)", [
        { field: "body", message: "must be multipart/form-data" },
      ]);
    if (!cadExchangeFormat(filename))
      throw invalid("filename", `${filename} is not named as a STEP or IGES file`, "must end in .step, .stp, .iges or .igs", filename);
    const settings = tenantOf(c).settings;
    const tenantId = tenantOf(c).id;
    let original: Uint8Array | undefined;
    let mesh: Uint8Array | undefined;
    for await (const part of multipartParts(c.req.raw.body, boundary)) {
      if (part.name === "original" && !original && !mesh) original = await collect(part, Math.min(MAX_CAD_EXCHANGE_BYTES, settings.max_upload_bytes));
      else if (part.name === "mesh" && original && !mesh) mesh = await collect(part, Math.min(MAX_MESH_BYTES, settings.max_upload_bytes));
      else throw invalid(part.name, `Unexpected form field “${part.name}”: send original, then mesh`, "send original, then mesh, once each");
    }
    // Both are checked before either is stored: a refused upload leaves nothing behind.
    if (!original) throw invalid("original", "The STEP or IGES file is missing", "required");
    const format = cadExchangeContent(original.subarray(0, DETECT_BYTES));
    if (!format) throw unprocessable("original", `${filename} is not a STEP or IGES file: it must start with ISO-10303-21 (STEP) or an IGES start section`);
    if (!mesh) throw invalid("mesh", "The mesh tessellated from the STEP file is missing", "required");
    if (detectFormat(mesh.subarray(0, DETECT_BYTES), { size: mesh.length }) !== "stl-binary")
      throw unprocessable("mesh", "The mesh is not a binary STL (84 + 50 × n bytes)");
    checkTriangleBudget(c, "stl-binary", mesh.length, "mesh");
    const source = {
      format,
      stored: await storeContentAddressed(
        c.env.FILES,
        tenantId,
        streamOf(original),
        original.length,
        (sha) => modelKey(tenantId, sha),
        "application/octet-stream",
      ),
    };
    original = undefined;
    const viewer = (await viewerOf(c, true))!;
    const stored = await storeContentAddressed(c.env.FILES, tenantId, streamOf(mesh), mesh.length, (sha) => modelKey(tenantId, sha), "model/stl");
    const model = await recordModel(c, viewer, { kind: "stl-binary", filename, units: "mm", stored, source });
    return ok(c, await presentModel(c, viewer, model), 202);
  });
