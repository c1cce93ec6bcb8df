import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, listEnvelope, okList } from "./envelope.ts";
import { ListQuery, Role, iso } from "./schemas.ts";
import { listUsers } from "../db/users.ts";
import { scopeOf } from "../middleware/tenant.ts";

const User = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: Role, customer_id: z.string().nullable(), created_at: z.string().nullable() })
  .openapi("User");

const list = defineRoute({
  permission: "users:read",
  method: "get",
  path: "/",
  tags: ["Users"],
  summary: "List the shop's users (staff and customers)",
  request: { query: ListQuery },
  responses: { 200: { description: "Users", content: { "application/json": { schema: listEnvelope(User) } } }, ...errorResponses(400, 401, 403, 404) },
});

export const usersRouter = createRouter().openapi(list, async (c) => {
  const { data, pagination } = await listUsers(scopeOf(c), c.req.valid("query"));
  return okList(
    c,
    data.map((u) => ({ ...u, created_at: iso(u.created_at) })),
    pagination,
  );
});
