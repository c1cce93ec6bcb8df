import { z } from "@hono/zod-openapi";
import { LOT_ORIGINS } from "../db/schema/lots.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam } from "./schemas.ts";
import { lotByNumber, LotNumber } from "./lots.ts";
import { epcisDocument } from "../../engine/production/epcis.ts";
import { MO_STATUSES } from "../../engine/production/routing.ts";
import { backwardTree, forwardTree, type TraceNode } from "../../engine/production/genealogy.ts";
import { traceabilityRecords } from "../db/epcis.ts";
import { consumptionsOf } from "../db/lots.ts";
import { findManufacturingOrder, manufacturingOrdersOf, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { findOrder } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import { backwardGenealogy, forwardGenealogy } from "../db/trace.ts";
import { scopeOf } from "../middleware/tenant.ts";

const Ref = z.object({ id: z.string(), number: z.string().nullable() });

const ConsumingMo = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(MO_STATUSES).openapi({ description: "Where it stands now: shipped and delivered reached the customer" }),
  quantity: z.number().int().openapi({ description: "Units it makes" }),
});

const TraceNodeView = z
  .object({
    lot_number: z.string(),
    material: z.string(),
    unit: z.string(),
    origin: z.enum(LOT_ORIGINS),
    received_at: z.string(),
    quantity: z.number().nullable().openapi({ description: "What the link to the node above carried, in this lot's unit; null at the root" }),
    children: z.array(z.unknown()).optional().openapi({ description: "Forward trace: lots made from this one, each a TraceNode" }),
    parents: z.array(z.unknown()).optional().openapi({ description: "Backward trace: lots this one was made from, each a TraceNode" }),
    consumed_by: z
      .array(
        z.object({ quantity: z.number(), manufacturing_order: ConsumingMo, order: Ref, customer: z.object({ id: z.string(), name: z.string() }).nullable() }),
      )
      .optional()
      .openapi({ description: "Forward trace: manufacturing orders that consumed this lot" }),
  })
  .openapi("TraceNode");

const ForwardTrace = z
  .object({
    lot: TraceNodeView,
    affected: z
      .object({ orders: z.array(Ref), customers: z.array(z.object({ id: z.string(), name: z.string() })) })
      .openapi({ description: "The recall view: every order and customer reached" }),
  })
  .openapi("ForwardTrace");
const MoTrace = z
  .object({
    manufacturing_order: Ref,
    lots: z.array(TraceNodeView).openapi({ description: "The lots it consumed (quantity: how much), each back to what was received" }),
  })
  .openapi("ManufacturingOrderTrace");

const NumberParam = z.object({ number: LotNumber.openapi({ param: { name: "number", in: "path" } }) });
const read = { permission: "production:read" as const, method: "get" as const, tags: ["Traceability"] };

const DAY = 24 * 3600 * 1000;
const EpcisQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Defaults to 30 days before `to`" }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Defaults to now" }),
});

const routes = {
  epcis: defineRoute({
    ...read,
    path: "/",
    summary: "GS1 EPCIS 2.0 document (JSON-LD) of receiving, splits and merges, consumption by manufacturing orders and shipping, at most a year at a time",
    request: { query: EpcisQuery },
    responses: {
      200: {
        description: "EPCISDocument",
        content: {
          "application/ld+json": {
            schema: z
              .object({
                type: z.literal("EPCISDocument"),
                schemaVersion: z.string(),
                epcisBody: z.object({ eventList: z.array(z.record(z.string(), z.unknown())) }),
              })
              .openapi("EPCISDocument"),
          },
        },
      },
      ...errorResponses(400, 401, 403),
    },
  }),
  lotForward: defineRoute({
    ...read,
    path: "/{number}/forward-trace",
    summary: "Forward trace: a lot → the lots made from it → manufacturing orders → orders → customers",
    request: { params: NumberParam },
    responses: { 200: jsonResponse("Forward trace", ForwardTrace), ...errorResponses(401, 403, 404) },
  }),
  lotBackward: defineRoute({
    ...read,
    path: "/{number}/backward-trace",
    summary: "Backward trace: the lots a lot was made from, back to what was received",
    request: { params: NumberParam },
    responses: { 200: jsonResponse("Backward trace", z.object({ lot: TraceNodeView })), ...errorResponses(401, 403, 404) },
  }),
  moBackward: defineRoute({
    ...read,
    path: "/{id}/backward-trace",
    summary: "Backward trace of a manufacturing order: the lots it consumed, back to what was received",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Backward trace", MoTrace), ...errorResponses(401, 403, 404) },
  }),
  orderBackward: defineRoute({
    ...read,
    path: "/{id}/backward-trace",
    summary: "Backward trace of an order: each manufacturing order's lots, back to what was received",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Backward trace", z.object({ order: Ref, manufacturing_orders: z.array(MoTrace) })), ...errorResponses(401, 403, 404) },
  }),
};

const presentNode = (n: TraceNode): unknown => ({
  ...n,
  received_at: new Date(n.received_at).toISOString(),
  ...(n.children && { children: n.children.map(presentNode) }),
  ...(n.parents && { parents: n.parents.map(presentNode) }),
});

async function moTrace(scope: Scope, mo: ManufacturingOrder) {
  const used = await consumptionsOf(scope, mo.id);
  const { lots, links } =
    used.length > 0
      ? await backwardGenealogy(
          scope,
          used.map((u) => u.lot_id),
        )
      : { lots: [], links: [] };
  return {
    manufacturing_order: { id: mo.id, number: mo.number },
    lots: used.map((u) => presentNode(backwardTree(u.lot_id, u.quantity_milli / 1000, lots, links))),
  };
}

export const epcisRouter = createRouter().openapi(routes.epcis, async (c) => {
  const q = c.req.valid("query");
  const to = q.to ? Date.parse(q.to) : Date.now();
  const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
  const refuse = (message: string) => new ApiError("VALIDATION_ERROR", message, [{ field: "from", message, value: q.from }]);
  if (from > to) throw refuse("must not be after `to`");
  if (to - from > 366 * DAY) throw refuse("must be at most a year before `to`; export longer periods a year at a time");
  const records = await traceabilityRecords(scopeOf(c), from, to);
  const doc = epcisDocument({ base: new URL(c.req.url).origin, createdAt: Date.now(), ...records });
  return c.json(doc, 200, { "content-type": "application/ld+json" });
});

export const lotTraceRouter = createRouter()
  .openapi(routes.lotForward, async (c) => {
    const scope = scopeOf(c);
    const lot = await lotByNumber(scope, c.req.valid("param").number);
    const { lots, links, consumptions } = await forwardGenealogy(scope, lot.id);
    const trace = forwardTree(lot.id, lots, links, consumptions);
    return ok(c, { ...trace, lot: presentNode(trace.lot) } as z.infer<typeof ForwardTrace>);
  })
  .openapi(routes.lotBackward, async (c) => {
    const scope = scopeOf(c);
    const lot = await lotByNumber(scope, c.req.valid("param").number);
    const { lots, links } = await backwardGenealogy(scope, [lot.id]);
    return ok(c, { lot: presentNode(backwardTree(lot.id, null, lots, links)) } as { lot: z.infer<typeof TraceNodeView> });
  });

export const manufacturingOrderTraceRouter = createRouter().openapi(routes.moBackward, async (c) => {
  const scope = scopeOf(c);
  const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
  if (!mo) throw notFound("Manufacturing order");
  return ok(c, (await moTrace(scope, mo)) as z.infer<typeof MoTrace>);
});

export const orderTraceRouter = createRouter().openapi(routes.orderBackward, async (c) => {
  const scope = scopeOf(c);
  const order = await findOrder(scope, c.req.valid("param").id);
  if (!order) throw notFound("Order");
  const mos = await manufacturingOrdersOf(scope, order.id);
  return ok(c, {
    order: { id: order.id, number: order.number },
    manufacturing_orders: (await Promise.all(mos.map((mo) => moTrace(scope, mo)))) as z.infer<typeof MoTrace>[],
  });
});
