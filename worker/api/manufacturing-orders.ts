import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, listEnvelope, ok, okList, jsonResponse } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { CorrectiveActionView, presentAction, presentCheckpoint, QcCheckpointView } from "./qc-checkpoints.ts";
import { Id, ListQuery } from "./schemas.ts";
import { MO_STATUSES, OPERATION_STATUSES } from "../../engine/production/routing.ts";
import { audit } from "../db/audit.ts";
import { findManufacturingOrder, listManufacturingOrders, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { findOrder } from "../db/orders.ts";
import { checkpointsOf, correctiveActionsOf, photosOf } from "../db/qc.ts";
import type { Scope } from "../db/scope.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { manufacturingOrderLabelPdf } from "../production/labels.ts";
import { moveOperation } from "../production/operations.ts";
import { unitsOf } from "../db/units.ts";
import type { TenantSettings } from "../db/schema/index.ts";
import { type AwaitedDrawing, drawingsAwaited } from "../production/drawing-approval-gate.ts";

const Operation = z
  .object({
    code: z.string(),
    name: z.string(),
    work_centre: z.string(),
    status: z.enum(OPERATION_STATUSES),
    planned_minutes: z.number().int(),
    parallel_with_previous: z.boolean(),
    qc_stage: z.string().nullable(),
    consumes: z.enum(["cutting_list"]).nullable().openapi({
      description: "cutting_list: finishing it takes the order's cutting list out of stock (first in, first out; long offcuts back as remnant lots)",
    }),
  })
  .openapi("Operation");

const ManufacturingOrderView = z
  .object({
    id: z.string(),
    number: z.string(),
    order_id: z.string(),
    order_number: z.string().nullable(),
    quote_item_id: z.string(),
    status: z.enum(MO_STATUSES),
    quantity: z.number().int(),
    due_at: z.string(),
    operations: z.array(Operation),
    bom: z.unknown().openapi({ description: "The configured product's bill of materials; null for uploaded parts" }),
    qc_checkpoints: z.unknown().openapi({ description: "The QC checklist by stage; null for uploaded parts" }),
    cutting_list_path: z.string().openapi({ description: "The order's combined cutting list" }),
    waiting_for_drawing_approval: z.array(z.object({ id: z.string(), drawing_number: z.string(), revision: z.string() })).openapi({
      description:
        "A scheduled MO of a shop that requires drawing approval: the drawings whose current revision the customer has not approved; it cannot start until none are left",
    }),
  })
  .openapi("ManufacturingOrder");

const present = (mo: ManufacturingOrder, orderNumber: string | null, awaited: AwaitedDrawing[] = []) => ({
  id: mo.id,
  number: mo.number,
  order_id: mo.order_id,
  order_number: orderNumber,
  quote_item_id: mo.quote_item_id,
  status: mo.status,
  quantity: mo.quantity,
  due_at: new Date(mo.due_at).toISOString(),
  operations: mo.routing.map((o) => ({
    ...o,
    status: mo.operations[o.code] ?? "pending",
    parallel_with_previous: o.parallel_with_previous ?? false,
    qc_stage: o.qc_stage ?? null,
    consumes: o.consumes ?? null,
  })),
  bom: mo.bom ?? null,
  qc_checkpoints: mo.qc_checklist ?? null,
  cutting_list_path: `/api/v1/orders/${mo.order_id}/cutting-list`,
  waiting_for_drawing_approval: mo.status === "scheduled" ? awaited : [],
});

const ManufacturingOrderDetail = ManufacturingOrderView.extend({
  unit_serials: z.array(z.string()).openapi({ description: "Serial numbers of the units it made, given when it became ready; empty before" }),
  qc_records: z.array(QcCheckpointView).openapi({ description: "The QC checkpoints recorded, oldest first" }),
  corrective_actions: z.array(CorrectiveActionView),
}).openapi("ManufacturingOrderDetail");

/** One MO with what QC recorded against it. */
async function presentMo(scope: Scope, settings: TenantSettings, mo: ManufacturingOrder) {
  const [order, checkpoints, actions, photos, serials, awaited] = await Promise.all([
    findOrder(scope, mo.order_id),
    checkpointsOf(scope, mo.id),
    correctiveActionsOf(scope, mo.id),
    photosOf(scope, mo.id),
    unitsOf(scope, [mo.id]),
    mo.status === "scheduled" ? drawingsAwaited(scope, settings, mo.order_id) : [],
  ]);
  return {
    ...present(mo, order?.number ?? null, awaited),
    unit_serials: serials.get(mo.id) ?? [],
    qc_records: checkpoints.map((checkpoint) => presentCheckpoint(checkpoint, photos)),
    corrective_actions: actions.map(presentAction),
  };
}

const MoParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });

const routes = {
  list: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/",
    tags: ["Production"],
    summary: "Manufacturing orders by due date; filter by order, status or a work centre with work still to do",
    request: { query: ListQuery.extend({ order_id: Id.optional(), status: z.enum(MO_STATUSES).optional(), work_centre: z.string().max(60).optional() }) },
    responses: {
      200: { description: "Manufacturing orders", content: { "application/json": { schema: listEnvelope(ManufacturingOrderView) } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  get: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}",
    tags: ["Production"],
    summary: "A manufacturing order with its routing, BOM, QC checklist and records, corrective actions and cutting list",
    request: { params: MoParam },
    responses: { 200: jsonResponse("Manufacturing order", ManufacturingOrderDetail), ...errorResponses(401, 403, 404) },
  }),
  label: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}/label",
    tags: ["Production"],
    summary: "A manufacturing order's 100 × 50 mm label as a PDF: QR code of its production page, MO and order numbers, product, quantity and due date",
    request: { params: MoParam },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 403, 404),
    },
  }),
  operation: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/operations/{code}/{action}",
    tags: ["Production"],
    summary:
      "Start, finish or block an operation (`code` as in the routing, e.g. cut); 409 out of order or from the wrong state. Finishing the cut takes the order's cutting list out of stock (first in, first out; long offcuts back as remnant lots); 422 naming what is short",
    request: {
      params: MoParam.extend({
        code: z
          .string()
          .max(60)
          .openapi({ param: { name: "code", in: "path" } }),
        action: z.enum(["start", "finish", "block"]).openapi({ param: { name: "action", in: "path" } }),
      }),
    },
    responses: { 200: jsonResponse("Changed", ManufacturingOrderDetail), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
};

const orderNumberOf = async (scope: Scope, orderId: string) => (await findOrder(scope, orderId))?.number ?? null;

export const manufacturingOrdersRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const scope = scopeOf(c);
    const { limit, cursor, ...filter } = c.req.valid("query");
    const { data: rows, pagination } = await listManufacturingOrders(scope, { limit, cursor }, filter);
    const numbers = new Map<string, string | null>();
    for (const id of new Set(rows.map((r) => r.order_id))) numbers.set(id, await orderNumberOf(scope, id));
    // Once per order with a scheduled MO: the drawings its production waits for.
    const awaited = new Map<string, AwaitedDrawing[]>();
    for (const id of new Set(rows.filter((r) => r.status === "scheduled").map((r) => r.order_id)))
      awaited.set(id, await drawingsAwaited(scope, tenantOf(c).settings, id));
    return okList(
      c,
      rows.map((mo) => present(mo, numbers.get(mo.order_id) ?? null, awaited.get(mo.order_id))),
      pagination,
    );
  })
  .openapi(routes.get, async (c) => {
    const scope = scopeOf(c);
    const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
    if (!mo) throw notFound("Manufacturing order");
    return ok(c, await presentMo(scope, tenantOf(c).settings, mo));
  })
  .openapi(routes.label, async (c) => {
    const scope = scopeOf(c);
    const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
    if (!mo) throw notFound("Manufacturing order");
    const pdf = await manufacturingOrderLabelPdf(scope, c.env.FILES, tenantOf(c), mo, c.req.url);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${mo.number}-label.pdf"`,
    });
  })
  .openapi(routes.operation, async (c) => {
    const scope = scopeOf(c);
    const { id, code, action } = c.req.valid("param");
    const principal = principalOf(c);
    const mo = await moveOperation(c.env, scope, id, code, action, principal.userId ?? null);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: `manufacturing_order.operation_${action}`,
      target_type: "manufacturing_order",
      target_id: mo.id,
      data: { code, status: mo.status },
      request_id: c.get("requestId"),
    });
    return ok(c, await presentMo(scope, tenantOf(c).settings, mo));
  });
