import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { parseWorkCentres, planProduction } from "../../engine/production/schedule.ts";
import { audit } from "../db/audit.ts";
import { openManufacturingOrders } from "../db/manufacturing-orders.ts";
import { patchTenantSettings } from "../db/tenants.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

const WorkCentreView = z.object({ code: z.string(), name: z.string(), hours_per_day: z.number() }).openapi("WorkCentre");

const ScheduleView = z
  .object({
    days: z.array(z.string()).openapi({ description: "The working days planned (YYYY-MM-DD), today first" }),
    work_centres: z.array(
      WorkCentreView.extend({
        configured: z.boolean().openapi({ description: "False for a centre the routings use that the shop has not set up (planned at the default hours)" }),
        load_hours: z.array(z.number()).openapi({ description: "Hours planned on each day of `days`" }),
      }),
    ),
    manufacturing_orders: z.array(z.object({ id: z.string(), number: z.string(), due_at: z.string(), planned_finish: z.string(), late: z.boolean() })),
    late: z.array(z.string()).openapi({ description: "Numbers of the MOs planned to finish after their due date" }),
  })
  .openapi("ProductionSchedule");

const routes = {
  schedule: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/",
    tags: ["Production"],
    summary: "Each work centre's load per working day from the open MOs' remaining operations, earliest due first, and the MOs that will be late",
    request: { query: z.object({ days: z.coerce.number().int().min(1).max(60).default(10) }) },
    responses: { 200: { description: "The plan", content: { "application/json": { schema: envelope(ScheduleView) } } }, ...errorResponses(400, 401, 403) },
  }),
  workCentres: defineRoute({
    permission: "settings:write",
    method: "put",
    path: "/",
    tags: ["Production"],
    summary: "Set the shop floor's work centres (codes as the routings name them) and their hours per day",
    request: {
      body: { required: true, content: { "application/json": { schema: z.strictObject({ work_centres: z.array(z.unknown()) }).openapi("WorkCentres") } } },
    },
    responses: {
      200: { description: "The work centres as stored", content: { "application/json": { schema: envelope(z.array(WorkCentreView)) } } },
      ...errorResponses(400, 401, 403),
    },
  }),
};

export const productionScheduleRouter = createRouter().openapi(routes.schedule, async (c) => {
  const mos = await openManufacturingOrders(scopeOf(c));
  const plan = planProduction(mos, tenantOf(c).settings.work_centres ?? [], Date.now(), c.req.valid("query").days);
  return ok(c, {
    days: plan.days,
    work_centres: plan.centres,
    manufacturing_orders: plan.orders.map((o) => ({ ...o, due_at: new Date(o.due_at).toISOString() })),
    late: plan.orders.filter((o) => o.late).map((o) => o.number),
  });
});

export const workCentresRouter = createRouter().openapi(routes.workCentres, async (c) => {
  const centres = parseWorkCentres(c.req.valid("json").work_centres);
  const scope = scopeOf(c);
  await patchTenantSettings(scope, { work_centres: centres });
  const principal = principalOf(c);
  await audit(scope, {
    actor_type: principal.kind,
    actor_id: principal.userId,
    action: "tenant.work_centres_changed",
    target_type: "tenant",
    target_id: scope.tenantId,
    data: { codes: centres.map((w) => w.code) },
    request_id: c.get("requestId"),
  });
  return ok(c, centres);
});
