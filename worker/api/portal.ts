import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { jsonResponse, ok } from "./envelope.ts";
import { ORDER_STAGES } from "../../engine/production/order-stage.ts";
import { NOTIFICATION_TYPES, ORDER_STATUSES } from "../db/schema/index.ts";
import { viewerOfRole } from "../db/viewer.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { roleAllows } from "../auth/permissions.ts";
import { portalDashboard } from "../portal/dashboard.ts";
import { projectViewerOf } from "../portal/projects.ts";

const Ref = z.object({ id: z.string(), number: z.string().nullable() });
const section = <T extends z.ZodType>(item: T, what: string) =>
  z.object({
    total: z
      .number()
      .int()
      .openapi({ description: `How many ${what} there are (the first ten are listed)` }),
    items: z.array(item),
  });

const Dashboard = z
  .object({
    projects: section(
      z.object({ id: z.string(), number: z.string(), name: z.string(), reference: z.string().nullable(), updated_at: z.string() }),
      "active projects",
    ),
    outstanding_quotes: section(
      z.object({
        id: z.string(),
        number: z.string(),
        title: z.string().nullable(),
        status: z.enum(["priced", "sent"]),
        currency: z.string(),
        gross_total: z.number().int().nullable().openapi({ description: "Minor units" }),
        valid_until: z.string().nullable().openapi({ description: "When the quote expires (soonest first)" }),
        project: Ref.nullable(),
      }),
      "quotes waiting for a decision",
    ),
    orders_in_progress: section(
      z.object({
        id: z.string(),
        number: z.string().nullable(),
        status: z.enum(ORDER_STATUSES),
        stage: z
          .enum(ORDER_STAGES)
          .openapi({ description: "Where the order stands: its least advanced line's state, or awaiting payment / planning before any is planned" }),
        operation: z.string().nullable().openapi({ description: "An operation under way, e.g. Glazing" }),
        operations_done: z.number().int(),
        operations_total: z.number().int(),
        due_at: z.string().nullable().openapi({ description: "When the lines still being made are due" }),
        placed_at: z.string(),
        quote: Ref,
        project: Ref.nullable(),
      }),
      "orders in progress",
    ),
    upcoming_deliveries: z.array(
      z.object({
        kind: z.enum(["shipment", "due"]).openapi({ description: "A shipment on its way, or an order's due date" }),
        date: z.string().openapi({ description: "When the shipment left, or when the order is due" }),
        order: Ref,
        shipment: z.object({ id: z.string(), number: z.string(), carrier: z.string(), tracking_url: z.string().nullable() }).nullable(),
      }),
    ),
    awaiting_approval: z
      .array(
        z.object({
          kind: z.enum(["drawing", "order"]),
          id: z.string(),
          number: z.string().nullable(),
          title: z.string(),
          since: z.string().openapi({ description: "Since when it waits: the drawing revision's issue, or when the order was placed (or resubmitted)" }),
        }),
      )
      .openapi({
        description:
          "For those who may approve: current drawings whose revision the company has not approved (when the shop requires it) and orders colleagues placed for approval, the longest waiting first",
      }),
    recent_activity: z.array(
      z.object({
        at: z.string(),
        event: z.string().openapi({ example: "quote.sent" }),
        subject: Ref.extend({ type: z.enum(["quote", "order", "drawing"]) }),
        summary: z.string(),
      }),
    ),
    unread_messages: z.object({ count: z.number().int(), latest: z.array(z.object({ id: z.string(), subject: z.string(), at: z.string() })) }),
    unread_notifications: section(
      z.object({
        id: z.string(),
        type: z.enum(NOTIFICATION_TYPES),
        title: z.string(),
        path: z.string().openapi({ description: "The page it is about, on this host" }),
        created_at: z.string(),
      }),
      "unread notifications",
    ).openapi({ description: "The caller's own unread notifications (the bell's), newest first" }),
  })
  .openapi("PortalDashboard");

const routes = {
  dashboard: defineRoute({
    permission: "portal:read",
    method: "get",
    path: "/dashboard",
    tags: ["Portal"],
    summary:
      "A customer's home: active projects, quotes waiting for their decision, orders in progress with their stage, deliveries on the way or due, approvals waiting, recent activity, unread messages and the caller's unread notifications — of the projects assigned to a customer user or viewer",
    responses: { 200: jsonResponse("Dashboard", Dashboard) },
  }),
};

export const portalRouter = createRouter().openapi(routes.dashboard, async (c) => {
  const p = principalOf(c);
  // Only those who may approve are asked to: drawings when the shop waits for the customer's sign-off.
  const approves = {
    drawings: roleAllows(p.role, "drawings:approve") && tenantOf(c).settings.drawing_approval_required === true,
    orders: roleAllows(p.role, "orders:approve"),
  };
  const viewer = viewerOfRole(p);
  // portal:read is held by the customer roles alone.
  if (viewer.kind !== "customer") throw new Error("the dashboard is a customer's");
  return ok(c, await portalDashboard(scopeOf(c), viewer, projectViewerOf(p), approves));
});
