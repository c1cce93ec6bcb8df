import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { Id, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { findManufacturingOrder } from "../db/manufacturing-orders.ts";
import {
  closeCorrectiveAction,
  findCheckpoint,
  findCorrectiveAction,
  findPhoto,
  insertPhoto,
  type CorrectiveAction,
  type QcCheckpoint,
  type QcPhoto,
} from "../db/qc.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { advanceByCheckpoint, checkpointOf } from "../production/qc.ts";
import { hex } from "../storage/streams.ts";
import { qcPhotoKey } from "../storage/keys.ts";
import { sniffImage } from "../storage/image-type.ts";
import { QC_PHOTO_LIMIT } from "../../shared/qc-photos.ts";

// The largest QC photo taken (shared/qc-photos.ts): the API's body limit refuses a larger body while it streams in, before anything is stored.

const Text = (max: number) => z.string().trim().min(1, "is required").max(max);

const CheckInput = z.object({
  check_id: z.string().max(60).optional(),
  description: Text(300),
  status: z.enum(["pass", "fail"]),
  measurement: z.string().trim().max(40).optional().openapi({ example: "1.5 mm" }),
  tolerance: z.string().trim().max(40).optional().openapi({ example: "max 2 mm" }),
  notes: z.string().max(2000).optional(),
  corrective_action: z.string().trim().max(2000).optional(),
  corrective_action_owner: z.string().trim().max(120).optional(),
  corrective_action_due: z.iso.date().optional().openapi({ description: "Defaults to the next working day" }),
});

const CheckpointInput = z
  .object({
    checkpoint_stage: Text(80).openapi({ example: "Frame Assembly" }),
    inspector_name: Text(120),
    checks: z.array(CheckInput).min(1, "needs at least one check").max(100),
  })
  .openapi("QcCheckpointInput");

export const CorrectiveActionView = z
  .object({
    id: z.string(),
    checkpoint_id: z.string(),
    description: z.string(),
    owner: z.string().nullable(),
    due_at: z.string().nullable(),
    status: z.enum(["open", "closed"]),
    closed_at: z.string().nullable(),
    closed_note: z.string().nullable(),
  })
  .openapi("CorrectiveAction");

export const QcPhotoView = z
  .object({
    id: z.string(),
    checkpoint_id: z.string(),
    check_id: z.string().nullable().openapi({ description: "The check the photo shows, when the inspector named one" }),
    content_type: z
      .enum(["image/jpeg", "image/png", "image/webp", "image/heic"])
      .openapi({ description: "As the file's bytes say, whatever the upload declared" }),
    size_bytes: z.number().int(),
    sha256: z.string(),
    url: z.string().openapi({ description: "Where the image is served" }),
    created_at: z.string(),
  })
  .openapi("QcPhoto");

export const QcCheckpointView = z
  .object({
    id: z.string(),
    manufacturing_order_id: z.string(),
    checkpoint_stage: z.string(),
    inspector_name: z.string(),
    overall_status: z.enum(["pass", "conditional_pass", "fail"]),
    checks: z.array(CheckInput.omit({ corrective_action_owner: true, corrective_action_due: true }).extend({ out_of_tolerance: z.boolean() })),
    photos: z.array(QcPhotoView).openapi({ description: "The photos taken at this checkpoint, oldest first" }),
    created_at: z.string(),
  })
  .openapi("QcCheckpoint");

export const presentAction = (a: CorrectiveAction) => ({
  id: a.id,
  checkpoint_id: a.checkpoint_id,
  description: a.description,
  owner: a.owner,
  due_at: iso(a.due_at),
  status: a.closed_at === null ? ("open" as const) : ("closed" as const),
  closed_at: iso(a.closed_at),
  closed_note: a.closed_note,
});

export const presentPhoto = (p: QcPhoto) => ({
  id: p.id,
  checkpoint_id: p.checkpoint_id,
  check_id: p.check_id,
  content_type: p.content_type as z.infer<typeof QcPhotoView>["content_type"],
  size_bytes: p.size_bytes,
  sha256: p.sha256,
  url: `/api/v1/manufacturing-orders/${p.manufacturing_order_id}/qc-checkpoints/${p.checkpoint_id}/photos/${p.id}`,
  created_at: new Date(p.created_at).toISOString(),
});

/** A checkpoint with its photos (`photos` may hold the whole MO's: each checkpoint picks its own). */
export const presentCheckpoint = (c: QcCheckpoint, photos: readonly QcPhoto[] = []) => ({
  id: c.id,
  manufacturing_order_id: c.manufacturing_order_id,
  checkpoint_stage: c.stage,
  inspector_name: c.inspector_name,
  overall_status: c.overall_status,
  checks: c.checks,
  photos: photos.filter((p) => p.checkpoint_id === c.id).map(presentPhoto),
  created_at: new Date(c.created_at).toISOString(),
});

const MoParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });
const CheckpointParam = MoParam.extend({ checkpointId: Id.openapi({ param: { name: "checkpointId", in: "path" } }) });
const binary = z.any().openapi({ type: "string", format: "binary" });
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic"] as const;
/** What an upload may declare: an image type (checked against its bytes) or bytes of no stated type. */
const DECLARABLE = /^(image\/[a-z0-9.+-]+|application\/octet-stream)$/;

const routes = {
  record: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/qc-checkpoints",
    tags: ["Production"],
    summary: "Record a QC checkpoint: all pass finishes the stage's operation; a failed check opens a corrective action that holds it",
    request: { params: MoParam, body: { required: true, content: { "application/json": { schema: CheckpointInput } } } },
    responses: {
      201: jsonResponse(
        "Recorded",
        QcCheckpointView.extend({
          corrective_actions: z.array(CorrectiveActionView),
          operation: z.object({ code: z.string(), status: z.string() }).nullable(),
        }),
      ),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  }),
  close: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/corrective-actions/{actionId}/close",
    tags: ["Production"],
    summary: "Close a corrective action with a note on what was done; 409 when it is closed already",
    request: {
      params: MoParam.extend({ actionId: Id.openapi({ param: { name: "actionId", in: "path" } }) }),
      body: { required: true, content: { "application/json": { schema: z.object({ note: Text(2000) }) } } },
    },
    responses: { 200: jsonResponse("Closed", CorrectiveActionView), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  uploadPhoto: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/qc-checkpoints/{checkpointId}/photos",
    // Read whole (its bytes sniffed and hashed, then stored), so counted as it streams in and refused past its cap.
    body: { bytes: QC_PHOTO_LIMIT, what: "The photo" },
    tags: ["Production"],
    summary: `Add a photo to a QC checkpoint (raw body: JPEG, PNG, WebP or HEIC, at most ${QC_PHOTO_LIMIT / 1048576} MB); the type is read from the bytes`,
    request: {
      params: CheckpointParam,
      query: z.object({ check_id: z.string().trim().min(1).max(60).optional().openapi({ description: "The checkpoint's check the photo shows" }) }),
      body: { required: true, content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, { schema: binary }])) },
    },
    responses: { 201: jsonResponse("Stored", QcPhotoView), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
  photo: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}/qc-checkpoints/{checkpointId}/photos/{photoId}",
    tags: ["Production"],
    summary: "A QC photo's image, as it was uploaded",
    request: { params: CheckpointParam.extend({ photoId: Id.openapi({ param: { name: "photoId", in: "path" } }) }) },
    responses: {
      200: { description: "The image", content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, { schema: binary }])) },
      ...errorResponses(401, 403, 404),
    },
  }),
};

const notAnImage = (field: string, message: string, value?: string) =>
  new ApiError("UNSUPPORTED_MEDIA_TYPE", message, [{ field, message: "must be a JPEG, PNG, WebP or HEIC image", value }]);

export const qcCheckpointsRouter = createRouter()
  .openapi(routes.record, async (c) => {
    const scope = scopeOf(c);
    const input = c.req.valid("json");
    const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
    if (!mo) throw notFound("Manufacturing order");
    const principal = principalOf(c);
    const recorded = checkpointOf(scope, mo, input, principal.userId ?? null);
    await scope.db.batch(recorded.statements);
    const { operation, checkpoint } = recorded;
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "qc_checkpoint.recorded",
      target_type: "manufacturing_order",
      target_id: mo.id,
      data: { stage: checkpoint.stage, overall_status: checkpoint.overall_status },
      request_id: c.get("requestId"),
    });
    const advanced = await advanceByCheckpoint(c.env, scope, mo, recorded);
    return ok(
      c,
      {
        ...presentCheckpoint(recorded.checkpoint),
        corrective_actions: recorded.actions.map(presentAction),
        operation: { code: operation.code, status: advanced.operations[operation.code] ?? "pending" },
      },
      201,
    );
  })
  .openapi(routes.close, async (c) => {
    const scope = scopeOf(c);
    const { id, actionId } = c.req.valid("param");
    const mo = await findManufacturingOrder(scope, id);
    const action = mo && (await findCorrectiveAction(scope, mo.id, actionId));
    if (!action) throw notFound("Corrective action");
    const { note } = c.req.valid("json");
    if (!(await closeCorrectiveAction(scope, action.manufacturing_order_id, action.id, note))) {
      throw new ApiError("CONFLICT", "This corrective action is closed already", [{ field: "actionId", message: "is closed", value: actionId }]);
    }
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "corrective_action.closed",
      target_type: "manufacturing_order",
      target_id: action.manufacturing_order_id,
      data: { action_id: action.id },
      request_id: c.get("requestId"),
    });
    return ok(c, presentAction((await findCorrectiveAction(scope, action.manufacturing_order_id, action.id))!));
  })
  .openapi(routes.uploadPhoto, async (c) => {
    const scope = scopeOf(c);
    const { id, checkpointId } = c.req.valid("param");
    const { check_id } = c.req.valid("query");
    const mo = await findManufacturingOrder(scope, id);
    const checkpoint = mo && (await findCheckpoint(scope, mo.id, checkpointId));
    if (!checkpoint) throw notFound("QC checkpoint");
    if (check_id !== undefined && !checkpoint.checks.some((check) => check.check_id === check_id)) {
      const named = checkpoint.checks.flatMap((check) => (check.check_id ? [check.check_id] : []));
      throw unprocessable(
        "check_id",
        named.length ? `This checkpoint has no check “${check_id}”; its checks are ${named.join(", ")}` : "This checkpoint's checks have no ids to name",
        check_id,
      );
    }
    const declared = c.req.header("content-type")?.split(";")[0].trim().toLowerCase();
    if (declared && !DECLARABLE.test(declared)) throw notAnImage("Content-Type", `Send the photo's raw bytes as an image, not ${declared}`, declared);
    // Bounded: the API's body limit has already refused a body over QC_PHOTO_LIMIT, counting it as it streamed in.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new ApiError("INVALID_REQUEST", "The photo is empty (0 bytes)", [{ field: "body", message: "is empty" }]);
    const type = sniffImage(bytes);
    if (!type) throw notAnImage("body", "The body is not a JPEG, PNG, WebP or HEIC image");
    const photoId = crypto.randomUUID();
    const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
    const key = qcPhotoKey(scope.tenantId, mo.id, photoId);
    await c.env.FILES.put(key, bytes, { httpMetadata: { contentType: type }, sha256 });
    const principal = principalOf(c);
    let photo: QcPhoto;
    try {
      photo = await insertPhoto(scope, {
        id: photoId,
        manufacturing_order_id: mo.id,
        checkpoint_id: checkpoint.id,
        check_id: check_id ?? null,
        content_type: type,
        size_bytes: bytes.length,
        sha256,
        r2_key: key,
        uploaded_by: principal.userId ?? null,
      });
    } catch (e) {
      await c.env.FILES.delete(key); // no object without its row
      throw e;
    }
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "qc_photo.uploaded",
      target_type: "manufacturing_order",
      target_id: mo.id,
      data: { checkpoint_id: checkpoint.id, photo_id: photoId, check_id: check_id ?? null },
      request_id: c.get("requestId"),
    });
    return ok(c, presentPhoto(photo), 201);
  })
  .openapi(routes.photo, async (c) => {
    const scope = scopeOf(c);
    const { id, checkpointId, photoId } = c.req.valid("param");
    const photo = await findPhoto(scope, id, checkpointId, photoId);
    const object = photo && (await c.env.FILES.get(photo.r2_key));
    if (!object) throw notFound("QC photo");
    // Served only as the type its bytes were checked to be, never sniffed into anything else.
    return c.body(object.body as unknown as ReadableStream, 200, {
      "content-type": photo.content_type,
      "content-length": String(object.size),
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=86400",
    });
  });
