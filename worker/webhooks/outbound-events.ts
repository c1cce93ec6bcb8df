import { z } from "@hono/zod-openapi";
import type { Priority } from "../db/schema/index.ts";

/**
 * Events we send to partner endpoints, with their priority and payload schema.
 * The schemas are OpenAPI components (`WebhookEvent…`), so partners can read
 * what they will receive; deliveries wrap them as `{ type, timestamp, data }`.
 */

const Url = z.string().url();
const Money = z.number().int().openapi({ description: "Minor units of `currency`" });

export const outboundEvents = {
  "quote.priced": {
    priority: "high",
    schema: z.object({ quote_id: z.string(), quote_number: z.string(), revision: z.number().int(), currency: z.string(), net_total: Money, gross_total: Money }),
  },
  "quote.technical_data_ready": {
    priority: "high",
    schema: z.object({ quote_id: z.string(), revision: z.number().int(), documents: z.array(z.object({ kind: z.string(), url: Url })) }),
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
    schema: z.object({ request_id: z.string(), quote_id: z.string().optional(), document_url: Url.optional(), sections: z.array(z.string()).optional() }),
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
    schema: z.object({ order_id: z.string(), quote_id: z.string(), amount: Money, currency: z.string(), provider: z.literal("stripe"), payment_reference: z.string() }),
  },
  "manufacturing.cutting_list_ready": {
    priority: "high",
    schema: z.object({
      order_id: z.string(),
      quote_reference: z.string().optional(),
      cutting_list_id: z.string(),
      summary: z.object({ total_profiles: z.number().int(), total_cuts: z.number().int(), total_stock_length_required: z.number(), waste_percentage: z.number() }),
      cutting_list_url: Url.optional(),
    }),
  },
  "customer.portal_access_granted": {
    priority: "low",
    schema: z.object({ customer_id: z.string(), email: z.string(), portal_url: Url.optional() }),
  },
} as const satisfies Record<string, { priority: Priority; schema: z.ZodType }>;

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
