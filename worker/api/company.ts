import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { Id } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { findCustomer, setCustomerSettingsStatement, type Customer } from "../db/customers.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { companyFor } from "../portal/projects.ts";

/** A customer company's own settings, set by its admin (decision 53). */
const CompanyView = z
  .object({
    id: z.string(),
    name: z.string(),
    order_approval_required: z.boolean().openapi({
      description:
        "A customer_user's checkout places the order for approval (awaiting_approval): no payment, production or notice to the shop until a customer_admin approves",
    }),
  })
  .openapi("Company");

const CompanyPatch = z
  .strictObject({
    order_approval_required: z.boolean().optional(),
    customer_id: Id.optional().openapi({ description: "The company (the shop's staff must say; a customer admin changes their own)" }),
  })
  .openapi("CompanyPatch");

const CompanyQuery = z.object({ customer_id: Id.optional().openapi({ description: "The company (the shop's staff must say)" }) });

const present = (c: Customer) => ({ id: c.id, name: c.name, order_approval_required: c.order_approval_required });

const routes = {
  get: defineRoute({
    permission: "members:manage",
    method: "get",
    path: "/",
    tags: ["Company members"],
    summary: "The caller's company and its settings (staff: the company named)",
    request: { query: CompanyQuery },
    responses: { 200: jsonResponse("Company", CompanyView), ...errorResponses(400, 401, 403, 404, 422) },
  }),
  patch: defineRoute({
    permission: "members:manage",
    method: "patch",
    path: "/",
    tags: ["Company members"],
    summary: "Change the company's settings (fields left out stay)",
    request: { body: { required: true, content: { "application/json": { schema: CompanyPatch } } } },
    responses: { 200: jsonResponse("Changed", CompanyView), ...errorResponses(400, 401, 403, 404, 422) },
  }),
};

export const companyRouter = createRouter()
  .openapi(routes.get, async (c) => {
    const scope = scopeOf(c);
    const id = await companyFor(scope, principalOf(c), c.req.valid("query").customer_id);
    return ok(c, present((await findCustomer(scope, id))!));
  })
  .openapi(routes.patch, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    const { customer_id, ...patch } = c.req.valid("json");
    const id = await companyFor(scope, principal, customer_id);
    if (patch.order_approval_required === undefined) return ok(c, present((await findCustomer(scope, id))!));
    await scope.db.batch([
      setCustomerSettingsStatement(scope, id, patch),
      audit(scope, {
        actor_type: principal.kind,
        actor_id: principal.userId,
        action: "company.settings_changed",
        target_type: "customer",
        target_id: id,
        data: patch,
        request_id: c.get("requestId"),
      }),
    ]);
    return ok(c, present((await findCustomer(scope, id))!));
  });
