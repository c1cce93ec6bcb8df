import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { viewerOf } from "./models.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Id, IdParam, iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { findManufacturingOrders, manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import { statusUpdatesOf } from "../production/status.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { notify } from "../notifications/notify.ts";
import { findOrder, findVisibleOrder } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import { deliver, findShipment, linesOf, ship, shipmentsOf, shippedUnits, type Shipment } from "../db/shipments.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { invoiceOnShipment } from "../orders/invoice.ts";
import { shipmentDocument } from "../orders/shipping-documents.ts";
import { shipmentLabelsPdf } from "../production/labels.ts";

const Size = z.number().positive("must be more than 0").max(10_000);

const ShipmentInput = z
  .object({
    carrier: z.string().trim().min(1, "is required").max(80).openapi({ example: "DHL Freight" }),
    tracking_number: z.string().trim().min(1).max(80).optional(),
    tracking_url: z
      .url({ protocol: /^https$/, error: "must be an https link" })
      .max(500)
      .optional(),
    packages: z
      .array(
        z.object({
          contents: z.array(z.object({ manufacturing_order_id: Id, quantity: z.number().int().min(1) })).min(1, "says what the package holds"),
          length_mm: Size,
          width_mm: Size,
          height_mm: Size,
          weight_kg: Size,
        }),
      )
      .min(1, "needs at least one package")
      .max(50),
  })
  .openapi("ShipmentInput");

const ShipmentView = z
  .object({
    id: z.string(),
    number: z.string(),
    order_id: z.string(),
    carrier: z.string(),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable(),
    status: z.enum(["shipped", "delivered"]),
    packages: z.array(
      z.object({
        contents: z.array(z.object({ manufacturing_order_id: z.string(), quantity: z.number() })),
        length_mm: z.number(),
        width_mm: z.number(),
        height_mm: z.number(),
        weight_kg: z.number(),
      }),
    ),
    lines: z.array(z.object({ manufacturing_order_id: z.string(), manufacturing_order_number: z.string(), quantity: z.number() })),
    shipped_at: z.string(),
    delivered_at: z.string().nullable(),
    received_by: z.string().nullable(),
  })
  .openapi("Shipment");

const routes = {
  create: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/shipments",
    tags: ["Shipping"],
    summary: "Ship finished work of an order in packages (partial shipments allowed); MOs whose every unit is on its way become shipped",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ShipmentInput } } } },
    responses: { 201: jsonResponse("Shipped", ShipmentView), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  list: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/shipments",
    tags: ["Shipping"],
    summary: "An order's shipments with their packages, tracking and delivery",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Shipments", z.array(ShipmentView)), ...errorResponses(401, 404) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}",
    tags: ["Shipping"],
    summary: "A shipment with its packages, tracking and delivery (customers: their own orders' only)",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Shipment", ShipmentView), ...errorResponses(401, 404) },
  }),
  document: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/documents/{kind}",
    tags: ["Shipping"],
    summary: "A shipment's packing list or delivery note as a PDF on the shop's letterhead",
    request: { params: IdParam.extend({ kind: z.enum(["packing-list", "delivery-note"]).openapi({ param: { name: "kind", in: "path" } }) }) },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  labels: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}/labels",
    tags: ["Shipping"],
    summary:
      "A shipment's package labels as a PDF, one 100 × 50 mm page per package: QR code of its staff page, shipment number, package n of m, customer and contents",
    request: { params: IdParam },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 403, 404),
    },
  }),
  deliver: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/deliver",
    tags: ["Shipping"],
    summary: "Record who received a shipment and when; its MOs become delivered once all their units have arrived",
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: z.object({ received_by: z.string().trim().min(1, "is required").max(120) }) } } },
    },
    responses: { 200: jsonResponse("Delivered", ShipmentView), ...errorResponses(400, 401, 403, 404, 409) },
  }),
};

async function present(scope: Scope, rows: Shipment[]) {
  const lines = await linesOf(
    scope,
    rows.map((s) => s.id),
  );
  const mos = new Map<string, string>();
  for (const orderId of new Set(rows.map((s) => s.order_id))) for (const mo of await manufacturingOrdersOf(scope, orderId)) mos.set(mo.id, mo.number);
  return rows.map((s) => ({
    id: s.id,
    number: s.number,
    order_id: s.order_id,
    carrier: s.carrier,
    tracking_number: s.tracking_number,
    tracking_url: s.tracking_url,
    status: s.status,
    packages: s.packages,
    lines: lines
      .filter((l) => l.shipment_id === s.id)
      .map((l) => ({
        manufacturing_order_id: l.manufacturing_order_id,
        manufacturing_order_number: mos.get(l.manufacturing_order_id) ?? "",
        quantity: l.quantity,
      })),
    shipped_at: new Date(s.shipped_at).toISOString(),
    delivered_at: iso(s.delivered_at),
    received_by: s.received_by,
  }));
}

/** Why these units cannot ship, or null when they can: the same rules the batch holds to. */
async function refusal(scope: Scope, orderId: string, lines: { manufacturing_order_id: string; quantity: number }[]) {
  const mos = new Map((await manufacturingOrdersOf(scope, orderId)).map((m) => [m.id, m]));
  const shipped = new Map((await shippedUnits(scope, [...mos.keys()])).map((r) => [r.manufacturing_order_id, r.quantity]));
  for (const line of lines) {
    const mo = mos.get(line.manufacturing_order_id);
    if (!mo)
      return new ApiError("NOT_FOUND", "Manufacturing order not found", [
        { field: "packages", message: "names a manufacturing order this order does not have", value: line.manufacturing_order_id },
      ]);
    if (mo.status !== "ready") {
      const message = `${mo.number} is ${mo.status.replace(/_/g, " ")}; only finished work ships`;
      return new ApiError("CONFLICT", message, [{ field: "packages", message, value: mo.number }]);
    }
    const left = mo.quantity - (shipped.get(mo.id) ?? 0);
    if (line.quantity > left) {
      const message = `${mo.number} has ${left} of ${mo.quantity} unit${mo.quantity === 1 ? "" : "s"} left to ship`;
      return new ApiError("UNPROCESSABLE_ENTITY", message, [{ field: "packages", message, value: line.quantity }]);
    }
  }
  return null;
}

async function audited(c: Context<TenantEnv>, action: string, shipment: Shipment) {
  const principal = principalOf(c);
  await audit(scopeOf(c), {
    actor_type: principal.kind,
    actor_id: principal.userId,
    action,
    target_type: "order",
    target_id: shipment.order_id,
    data: { shipment: shipment.number, carrier: shipment.carrier },
    request_id: c.get("requestId"),
  });
}

export const orderShipmentsRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const scope = scopeOf(c);
    const order = await findOrder(scope, c.req.valid("param").id);
    if (!order) throw notFound("Order");
    if (order.status === "cancelled")
      throw new ApiError("CONFLICT", `Order ${order.number ?? order.id} is cancelled; nothing ships`, [
        { field: "status", message: "is cancelled", value: order.status },
      ]);
    const input = c.req.valid("json");
    const units = new Map<string, number>();
    for (const p of input.packages)
      for (const item of p.contents) units.set(item.manufacturing_order_id, (units.get(item.manufacturing_order_id) ?? 0) + item.quantity);
    const lines = [...units].map(([manufacturing_order_id, quantity]) => ({ manufacturing_order_id, quantity }));
    const refused = await refusal(scope, order.id, lines);
    if (refused) throw refused;
    const now = Date.now();
    const named = (await manufacturingOrdersOf(scope, order.id)).filter((mo) => units.has(mo.id));
    const notices = statusUpdatesOf(scope, named, "ready", "shipped", now, "shipment");
    const row = {
      order_id: order.id,
      carrier: input.carrier,
      tracking_number: input.tracking_number ?? null,
      tracking_url: input.tracking_url ?? null,
      packages: input.packages,
      lines,
    };
    const shipment = await ship(scope, row, now, notices.statements);
    // Someone shipped or changed the same work meanwhile: say what stands now.
    if (!shipment) throw (await refusal(scope, order.id, lines)) ?? new ApiError("CONFLICT", "This work changed meanwhile; reload and try again");
    await dispatchOutbox(c.env, scope.tenantId, notices.eventIds);
    await notify(c.env, scope, { type: "order.shipped", shipment_id: shipment.id });
    await audited(c, "shipment.shipped", shipment);
    await invoiceOnShipment(scope, c.env.FILES, tenantOf(c), order, {
      actor_type: "system",
      actor_id: null,
      request_id: c.get("requestId"),
      data: { shipment: shipment.number },
    });
    return ok(c, (await present(scope, [shipment]))[0], 201);
  })
  .openapi(routes.list, async (c) => {
    const scope = scopeOf(c);
    const viewer = await viewerOf(c, false);
    const order = viewer && (await findVisibleOrder(scope, c.req.valid("param").id, viewer));
    if (!order) throw notFound("Order");
    return ok(c, await present(scope, await shipmentsOf(scope, order.id)));
  });

/** A shipment of an order the caller may see; 404 for any other. */
async function visibleShipment(c: Context<TenantEnv>, id: string) {
  const scope = scopeOf(c);
  const shipment = await findShipment(scope, id);
  const viewer = await viewerOf(c, false);
  const order = shipment && viewer && (await findVisibleOrder(scope, shipment.order_id, viewer));
  if (!shipment || !order) throw notFound("Shipment");
  return { shipment, order };
}

export const shipmentsRouter = createRouter()
  .openapi(routes.get, async (c) => {
    const { shipment } = await visibleShipment(c, c.req.valid("param").id);
    return ok(c, (await present(scopeOf(c), [shipment]))[0]);
  })
  .openapi(routes.document, async (c) => {
    const scope = scopeOf(c);
    const { id, kind } = c.req.valid("param");
    const { shipment, order } = await visibleShipment(c, id);
    const pdf = await shipmentDocument(scope, c.env.FILES, tenantOf(c), kind, shipment, order);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${shipment.number}-${kind}.pdf"`,
    });
  })
  .openapi(routes.labels, async (c) => {
    const scope = scopeOf(c);
    const shipment = await findShipment(scope, c.req.valid("param").id);
    const order = shipment && (await findOrder(scope, shipment.order_id));
    if (!shipment || !order) throw notFound("Shipment");
    const pdf = await shipmentLabelsPdf(scope, tenantOf(c), shipment, order, c.req.url);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${shipment.number}-labels.pdf"`,
    });
  })
  .openapi(routes.deliver, async (c) => {
    const scope = scopeOf(c);
    const shipment = await findShipment(scope, c.req.valid("param").id);
    if (!shipment) throw notFound("Shipment");
    const now = Date.now();
    const carried = await findManufacturingOrders(
      scope,
      (await linesOf(scope, [shipment.id])).map((l) => l.manufacturing_order_id),
    );
    const notices = statusUpdatesOf(scope, carried, "shipped", "delivered", now, "delivery");
    if (!(await deliver(scope, shipment, c.req.valid("json").received_by, now, notices.statements))) {
      throw new ApiError("CONFLICT", `Shipment ${shipment.number} is delivered already`, [{ field: "status", message: "is delivered", value: "delivered" }]);
    }
    await dispatchOutbox(c.env, scope.tenantId, notices.eventIds);
    const delivered = (await findShipment(scope, shipment.id))!;
    await audited(c, "shipment.delivered", delivered);
    return ok(c, (await present(scope, [delivered]))[0]);
  });
