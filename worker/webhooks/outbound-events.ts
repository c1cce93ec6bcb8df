import { z } from "@hono/zod-openapi";
import type { Priority } from "../db/schema/index.ts";
import { CUSTOMER_ROLES } from "../auth/permissions.ts";
import { MO_STATUSES } from "../../engine/production/routing.ts";

/**
 * Events we send to partner endpoints, with their priority and payload schema.
 * The schemas are OpenAPI components (`WebhookEvent…`), so partners can read
 * what they will receive; deliveries wrap them as `{ type, timestamp, data }`.
 * A `sensitive` event carries a secret: only endpoints that name its type get
 * it, never those subscribed to `*`.
 */

const Url = z.string().url();
const Path = z.string().openapi({ description: "A path on the shop's host (`https://{shop}/…`), readable with a staff API key" });
const Money = z.number().int().openapi({ description: "Minor units of `currency`" });

const UValueSummary = z.object({
  overall_u_value: z.number().openapi({ description: "W/m²K, declared as EN ISO 10077-1 reports it" }),
  frame_area_m2: z.number(),
  glazing_area_m2: z.number(),
  edge_length_m: z.number(),
  heat_loss_w_per_k: z.number(),
  frame_contribution_w_per_k: z.number(),
  glazing_contribution_w_per_k: z.number(),
  edge_contribution_w_per_k: z.number(),
  limit: z
    .object({ max_u_value: z.number(), passes: z.boolean() })
    .nullable()
    .openapi({ description: "The shop's building-regulation limit, when it set one" }),
});
const CuttingSummary = z.object({
  bars_used: z.number().int(),
  lower_bound: z.number().int().openapi({ description: "Bars needed at least: bars_used − lower_bound is the most any packing could save" }),
  optimal: z.boolean(),
  total_profiles: z.number().int(),
  total_cuts: z.number().int(),
  stock_length_total: z.number().openapi({ description: "Stock bar length used, mm" }),
  waste_percentage: z.number(),
});
const TechnicalItem = z.object({
  item_id: z.string(),
  configuration_id: z.string(),
  product_id: z.string(),
  product_name: z.string(),
  generator_key: z.string(),
  quantity: z.number().int(),
  u_value: UValueSummary.nullable(),
  bom: z
    .object({ line_count: z.number().int(), lines: z.array(z.object({ code: z.string(), quantity: z.number(), unit: z.string() })) })
    .nullable()
    .openapi({ description: "Per unit" }),
  unit_weight_kg: z.number().nullable(),
  total_weight_kg: z.number().nullable(),
  cutting_list: CuttingSummary.nullable().openapi({
    description: "One unit's profile cutting; the order's combined list follows in manufacturing.cutting_list_ready",
  }),
});

export const outboundEvents = {
  "quote.priced": {
    priority: "high",
    schema: z.object({
      quote_id: z.string(),
      quote_number: z.string(),
      revision: z.number().int(),
      currency: z.string(),
      net_total: Money,
      gross_total: Money,
    }),
  },
  "quote.technical_data_ready": {
    priority: "high",
    schema: z.object({
      quote_id: z.string(),
      quote_number: z.string(),
      revision: z.number().int().openapi({ description: "Sent once per revision, when it is priced" }),
      items: z.array(TechnicalItem).openapi({ description: "The quote's configured products" }),
      documents: z
        .array(z.object({ kind: z.enum(["quote_pdf", "technical_package"]), path: Path }))
        .openapi({ description: "technical_package: its status (building…) and, once ready, signed links to its PDF and the ZIP of DXFs" }),
    }),
  },
  "drawings.generated": {
    priority: "high",
    schema: z.object({
      request_id: z.string(),
      quote_id: z.string().optional(),
      drawings: z.array(z.object({ drawing_id: z.string(), view: z.string(), formats: z.array(z.enum(["svg", "dxf", "pdf"])), url: Url.optional() })),
    }),
  },
  "drawing.progress_update": {
    priority: "low",
    schema: z.object({
      request_id: z.string(),
      progress_percentage: z.number().min(0).max(100),
      current_task: z.string(),
      completed_tasks: z.array(z.string()).optional(),
      remaining_tasks: z.array(z.string()).optional(),
      estimated_completion_time: z.string().optional(),
    }),
  },
  "drawing.revision_completed": {
    priority: "medium",
    schema: z.object({ drawing_id: z.string(), revision: z.string(), previous_revision: z.string().nullable(), changes_applied: z.array(z.string()) }),
  },
  "specification.generated": {
    priority: "high",
    schema: z.object({
      request_id: z.string().openapi({ description: "The partner's request id" }),
      specification_id: z.string(),
      quote_id: z.string().nullable(),
      quote_number: z.string().nullable(),
      configuration_ids: z.array(z.string()),
      sections: z.array(z.enum(["configuration", "u_value", "bom", "cutting_list", "qc_checklist"])),
      specification_path: Path.openapi({ description: "`GET` it for the JSON document" }),
    }),
  },
  "validation.failed": {
    priority: "medium",
    schema: z.object({
      source: z.string(),
      event_id: z.string().openapi({ description: "The partner's event id" }),
      event_type: z.string(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  },
  "order.created": {
    priority: "critical",
    schema: z.object({
      order_id: z.string(),
      quote_id: z.string(),
      amount: Money,
      currency: z.string(),
      payment_method: z.enum(["stripe", "purchase_order"]),
      po_number: z.string().nullable(),
    }),
  },
  "payment.succeeded": {
    priority: "critical",
    schema: z.object({
      order_id: z.string(),
      quote_id: z.string(),
      amount: Money,
      currency: z.string(),
      provider: z.literal("stripe"),
      payment_reference: z.string(),
    }),
  },
  "manufacturing.cutting_list_ready": {
    priority: "high",
    schema: z.object({
      order_id: z.string(),
      quote_id: z.string(),
      quote_reference: z.string().openapi({ description: "The quote's number" }),
      cutting_list_id: z.string(),
      summary: CuttingSummary,
      profiles: z.array(
        z.object({
          profile: z.string(),
          pieces: z.number().int(),
          bars_used: z.number().int(),
          lower_bound: z.number().int(),
          stock_length_total: z.number(),
          waste_percentage: z.number(),
        }),
      ),
      cutting_list_path: Path.openapi({ description: "`GET` it for the bars with their cut patterns" }),
    }),
  },
  "manufacturing.status_update": {
    priority: "medium",
    schema: z.object({
      manufacturing_order_id: z.string(),
      manufacturing_order_number: z.string().openapi({ example: "MO-2026-0001" }),
      order_id: z.string().openapi({ description: "The Fabquote order the MO makes a line of" }),
      status: z.enum(MO_STATUSES),
      previous_status: z.enum(MO_STATUSES),
      stage: z.string().nullable().openapi({ description: "The code of the operation under way (as in the routing, e.g. frame_assembly), if any" }),
      cause: z.enum(["operation", "partner", "order_cancelled", "shipment", "delivery"]).openapi({
        description:
          "What moved it: an operation on the shop floor, the partner's own manufacturing.status_update, the order's cancellation, a shipment or its delivery",
      }),
      changed_at: z.string(),
    }),
  },
  "customer.portal_access_granted": {
    priority: "low",
    sensitive: true, // a live set-password token
    schema: z.object({
      customer_id: z.string().openapi({ description: "The partner's customer id" }),
      portal_customer_id: z.string().openapi({ description: "The customer company in Fabquote" }),
      user_id: z.string(),
      email: z.string(),
      role: z.enum(CUSTOMER_ROLES),
      invitation: z
        .object({
          set_password_path: Path,
          page_path: Path.openapi({
            description: "The shop's welcome page with the token in its fragment (never sent to a server): the link to send the customer",
          }),
          token: z.string(),
          expires_at: z.string(),
        })
        .nullable()
        .openapi({
          description:
            "For the partner to deliver: the customer opens page_path on the shop's host (or a client POSTs `{token, password}` to set_password_path) and is signed in. Null when the user has a password already.",
        }),
      login_path: Path,
    }),
  },
} as const satisfies Record<string, { priority: Priority; sensitive?: true; schema: z.ZodType }>;

export const isSensitive = (type: OutboundType) => "sensitive" in outboundEvents[type];

export type OutboundType = keyof typeof outboundEvents;
export const OUTBOUND_TYPES = Object.keys(outboundEvents) as [OutboundType, ...OutboundType[]];
export type OutboundPayload<T extends OutboundType> = z.infer<(typeof outboundEvents)[T]["schema"]>;

/** "quote.priced" → "WebhookEventQuotePriced", the component name in the OpenAPI document. */
export const componentName = (type: string) =>
  `WebhookEvent${type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("")}`;

/** The body every delivery carries. */
export const deliveryBody = (type: string, createdAt: number, data: Record<string, unknown>) =>
  JSON.stringify({ type, timestamp: new Date(createdAt).toISOString(), data });
