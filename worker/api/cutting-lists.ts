import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam } from "./schemas.ts";
import { findCuttingListOfOrder } from "../db/cutting-lists.ts";
import { findOrder } from "../db/orders.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { OrderCuttingList } from "./schemas/specification.ts";

const get = defineRoute({
  permission: "production:read",
  method: "get",
  path: "/{id}/cutting-list",
  tags: ["Manufacturing"],
  summary: "An order's combined cutting list: every configured item's profile cuts × quantity on stock bars, with waste and the lower bound",
  request: { params: IdParam },
  responses: {
    200: { description: "Cutting list", content: { "application/json": { schema: envelope(OrderCuttingList) } } },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const cuttingListsRouter = createRouter().openapi(get, async (c) => {
  const scope = scopeOf(c);
  const order = await findOrder(scope, c.req.valid("param").id);
  if (!order) throw notFound("Order");
  if (order.cutting_list_state !== "ready") {
    const state = order.cutting_list_state ?? "not ordered";
    throw new ApiError("CONFLICT", `This order has no cutting list (${state})`, [
      { field: "cutting_list_state", message: `is ${state}`, value: order.cutting_list_state },
    ]);
  }
  const row = await findCuttingListOfOrder(scope, order.id);
  const object = row && (await c.env.FILES.get(row.r2_key));
  if (!object) throw notFound("Cutting list");
  return ok(c, await object.json<OrderCuttingList>());
});
