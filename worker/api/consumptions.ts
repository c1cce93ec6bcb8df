import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { Id } from "./schemas.ts";
import { LotNumber, milli, Quantity } from "./lots.ts";
import { audit } from "../db/audit.ts";
import { consumeLot, consumptionsOf, findLot } from "../db/lots.ts";
import { findManufacturingOrder } from "../db/manufacturing-orders.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { requireWorking } from "../production/operations.ts";

export const ConsumedLot = z.object({ lot_number: z.string(), material: z.string(), unit: z.string(), quantity: z.number() }).openapi("ConsumedLot");

const MoParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });

const routes = {
  consume: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{id}/consumptions",
    tags: ["Production"],
    summary: "Record material of a lot going into a manufacturing order; 422 when the lot holds less or has expired",
    request: {
      params: MoParam,
      body: { required: true, content: { "application/json": { schema: z.object({ lot_number: LotNumber, quantity: Quantity }).openapi("Consumption") } } },
    },
    responses: { 201: jsonResponse("What the order has consumed, lot by lot", z.array(ConsumedLot)), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  list: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}/consumptions",
    tags: ["Production"],
    summary: "What a manufacturing order has consumed, lot by lot",
    request: { params: MoParam },
    responses: { 200: jsonResponse("Consumed lots", z.array(ConsumedLot)), ...errorResponses(401, 403, 404) },
  }),
};

const consumed = async (scope: ReturnType<typeof scopeOf>, moId: string) =>
  (await consumptionsOf(scope, moId)).map((r) => ({ lot_number: r.lot_number, material: r.material, unit: r.unit, quantity: r.quantity_milli / 1000 }));

export const consumptionsRouter = createRouter()
  .openapi(routes.consume, async (c) => {
    const scope = scopeOf(c);
    const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
    if (!mo) throw notFound("Manufacturing order");
    requireWorking(mo, "it takes no more material");
    const { lot_number, quantity } = c.req.valid("json");
    const lot = await findLot(scope, { lot_number });
    if (!lot) throw new ApiError("NOT_FOUND", "Lot not found", [{ field: "lot_number", message: "not found", value: lot_number }]);
    if (lot.expires_at !== null && lot.expires_at <= Date.now())
      throw unprocessable("lot_number", `Lot ${lot.lot_number} expired on ${new Date(lot.expires_at).toISOString().slice(0, 10)}`, lot_number);
    const principal = principalOf(c);
    if (!(await consumeLot(scope, lot, mo.id, milli(quantity), principal.userId ?? null))) {
      const now = (await findLot(scope, { id: lot.id }))!;
      throw unprocessable("quantity", `Lot ${lot.lot_number} holds only ${now.balance_milli / 1000} ${lot.unit}`, quantity);
    }
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "lot.consumed",
      target_type: "manufacturing_order",
      target_id: mo.id,
      data: { lot_number, quantity },
      request_id: c.get("requestId"),
    });
    return ok(c, await consumed(scope, mo.id), 201);
  })
  .openapi(routes.list, async (c) => {
    const scope = scopeOf(c);
    const mo = await findManufacturingOrder(scope, c.req.valid("param").id);
    if (!mo) throw notFound("Manufacturing order");
    return ok(c, await consumed(scope, mo.id));
  });
