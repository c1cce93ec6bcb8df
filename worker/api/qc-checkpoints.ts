import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Id, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { findManufacturingOrder } from "../db/manufacturing-orders.ts";
import { closeCorrectiveAction, findCorrectiveAction, type CorrectiveAction, type QcCheckpoint } from "../db/qc.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { advanceByCheckpoint, checkpointOf } from "../production/qc.ts";

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
  .object({ checkpoint_stage: Text(80).openapi({ example: "Frame Assembly" }), inspector_name: Text(120), checks: z.array(CheckInput).min(1, "needs at least one check").max(100) })
  .openapi("QcCheckpointInput");

export const CorrectiveActionView = z
  .object({ id: z.string(), checkpoint_id: z.string(), description: z.string(), owner: z.string().nullable(), due_at: z.string().nullable(), status: z.enum(["open", "closed"]), closed_at: z.string().nullable(), closed_note: z.string().nullable() })
  .openapi("CorrectiveAction");

export const QcCheckpointView = z
  .object({
    id: z.string(),
    manufacturing_order_id: z.string(),
    checkpoint_stage: z.string(),
    inspector_name: z.string(),
    overall_status: z.enum(["pass", "conditional_pass", "fail"]),
    checks: z.array(CheckInput.omit({ corrective_action_owner: true, corrective_action_due: true }).extend({ out_of_tolerance: z.boolean() })),
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

export const presentCheckpoint = (c: QcCheckpoint) => ({
  id: c.id,
  manufacturing_order_id: c.manufacturing_order_id,
  checkpoint_stage: c.stage,
  inspector_name: c.inspector_name,
  overall_status: c.overall_status,
  checks: c.checks,
  created_at: new Date(c.created_at).toISOString(),
});

const MoParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });

const routes = {
  record: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/qc-checkpoints",
    tags: ["Production"],
    summary: "Record a QC checkpoint: all pass finishes the stage's operation; a failed check opens a corrective action that holds it",
    request: { params: MoParam, body: { required: true, content: { "application/json": { schema: CheckpointInput } } } },
    responses: {
      201: jsonResponse("Recorded", QcCheckpointView.extend({ corrective_actions: z.array(CorrectiveActionView), operation: z.object({ code: z.string(), status: z.string() }).nullable() })),
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
};


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
    await audit(scope, { actor_type: principal.kind, actor_id: principal.userId, action: "qc_checkpoint.recorded", target_type: "manufacturing_order", target_id: mo.id, data: { stage: checkpoint.stage, overall_status: checkpoint.overall_status }, request_id: c.get("requestId") });
    const advanced = await advanceByCheckpoint(c.env, scope, mo, recorded);
    return ok(c, { ...presentCheckpoint(recorded.checkpoint), corrective_actions: recorded.actions.map(presentAction), operation: { code: operation.code, status: advanced.operations[operation.code] ?? "pending" } }, 201);
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
    await audit(scope, { actor_type: principal.kind, actor_id: principal.userId, action: "corrective_action.closed", target_type: "manufacturing_order", target_id: action.manufacturing_order_id, data: { action_id: action.id }, request_id: c.get("requestId") });
    return ok(c, presentAction((await findCorrectiveAction(scope, action.manufacturing_order_id, action.id))!));
  });
