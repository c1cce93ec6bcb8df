import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { IdParam, ListQuery, Name, iso } from "./schemas.ts";
import { isStaff } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import { audit } from "../db/audit.ts";
import { createCustomer, findCustomer, listCustomers } from "../db/customers.ts";
import { listUsers } from "../db/users.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";

const Customer = z.object({ id: z.string(), name: z.string(), created_at: z.string().nullable() }).openapi("Customer");
const Member = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() });
const CustomerDetail = Customer.extend({ members: z.array(Member) }).openapi("CustomerDetail");

/** Customers see only their own company; staff see every company of the shop. */
const visibleCustomerId = (p: Principal): string | undefined => (isStaff(p.role) ? undefined : (p.customerId ?? "\u0000none"));

const list = defineRoute({
  permission: "customers:read",
  method: "get",
  path: "/",
  tags: ["Customers"],
  summary: "List customer companies (a customer sees only its own)",
  request: { query: ListQuery },
  responses: { 200: { description: "Customers", content: { "application/json": { schema: listEnvelope(Customer) } } }, ...errorResponses(400, 401, 403, 404) },
});
const get = defineRoute({
  permission: "customers:read",
  method: "get",
  path: "/{id}",
  tags: ["Customers"],
  summary: "A customer company and its members",
  request: { params: IdParam },
  responses: { 200: { description: "Customer", content: { "application/json": { schema: envelope(CustomerDetail) } } }, ...errorResponses(401, 403, 404) },
});
const create = defineRoute({
  permission: "customers:write",
  method: "post",
  path: "/",
  tags: ["Customers"],
  summary: "Create a customer company (staff)",
  request: { body: { content: { "application/json": { schema: z.strictObject({ name: Name }).openapi("CreateCustomer") } }, required: true } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: envelope(Customer) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});

export const customersRouter = createRouter()
  .openapi(list, async (c) => {
    const { data, pagination } = await listCustomers(scopeOf(c), c.req.valid("query"), visibleCustomerId(principalOf(c)));
    return okList(
      c,
      data.map((r) => ({ id: r.id, name: r.name, created_at: iso(r.created_at) })),
      pagination,
    );
  })
  .openapi(get, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const only = visibleCustomerId(principalOf(c));
    const customer = only && only !== id ? undefined : await findCustomer(scope, id);
    if (!customer) throw notFound("Customer");
    const { data: members } = await listUsers(scope, { limit: 100, order: "oldest" }, id);
    return ok(c, {
      id: customer.id,
      name: customer.name,
      created_at: iso(customer.created_at),
      members: members.map((m) => ({ id: m.id, email: m.email, name: m.name, role: m.role })),
    });
  })
  .openapi(create, async (c) => {
    const scope = scopeOf(c);
    const row = await createCustomer(scope, c.req.valid("json").name);
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "customer.created",
      target_type: "customer",
      target_id: row.id,
      request_id: c.get("requestId"),
    });
    return ok(c, { id: row.id, name: row.name, created_at: iso(row.created_at) }, 201);
  });
