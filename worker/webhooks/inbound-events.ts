import { z } from "zod";
import { PriceOptionsFields } from "../api/pricing-schemas.ts";
import type { Priority } from "../db/schema/index.ts";
import { CUSTOMER_ROLES } from "../auth/permissions.ts";

/**
 * Events partners send us (seed §5.1, §5.2), each with its priority (how many
 * attempts it gets) and the zod schema of its payload. Payloads are checked
 * for what we act on; extra fields are kept, since partners add fields.
 */

const Id = z.string().trim().min(1).max(128);
const Text = z.string().max(2000);
const DateText = z.string().max(40);

export const inboundEvents = {
  "quote.requested": {
    priority: "high",
    schema: z.looseObject({
      quote_id: Id,
      customer_id: Id.optional(),
      customer_name: Text.optional(),
      product: Text.optional(),
      configuration: z.record(z.string(), z.unknown()).optional(),
      // Capped as the API caps it (quote.updated's quantity change is checked with the same schema).
      quantity: PriceOptionsFields.quantity.optional(),
      requested_by: Text.optional(),
    }),
  },
  "quote.updated": {
    priority: "medium",
    schema: z.looseObject({
      quote_id: Id,
      revision_number: z.number().int().min(1),
      changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })),
      reason: Text.optional(),
      updated_by: Text.optional(),
      requires_new_drawings: z.boolean().optional(),
    }),
  },
  "quote.approved": {
    priority: "critical",
    schema: z.looseObject({
      quote_id: Id,
      customer_id: Id.optional(),
      approved_by: Text,
      approval_date: DateText.optional(),
      purchase_order_number: Id.optional(),
      delivery_date_requested: DateText.optional(),
      special_instructions: Text.optional(),
    }),
  },
  "quote.rejected": {
    priority: "medium",
    schema: z.looseObject({ quote_id: Id, reason: Text.optional(), rejected_by: Text.optional() }),
  },
  "drawing.requested": {
    priority: "high",
    schema: z.looseObject({
      request_id: Id,
      quote_id: Id.optional(),
      drawing_types: z
        .array(z.enum(["elevation", "plan", "section", "detail", "isometric"]))
        .min(1)
        .optional(),
      formats: z
        .array(z.enum(["svg", "dxf", "pdf"]))
        .min(1)
        .optional(),
    }),
  },
  "drawing.revision_requested": {
    priority: "medium",
    schema: z.looseObject({
      drawing_id: Id,
      original_drawing_number: Text.optional(),
      revision_reason: Text.min(1),
      requested_changes: z
        .array(
          z.looseObject({
            type: z.string().min(1).max(64),
            field: z.string().max(128).optional(),
            description: Text.optional(),
            affected_views: z.array(z.string().max(32)).optional(),
          }),
        )
        .min(1),
      requested_by: Text.optional(),
      required_by_date: DateText.optional(),
    }),
  },
  "specification.requested": {
    priority: "high",
    // The quote is the partner's (as in quote.requested) or ours by id or number; a configuration is ours.
    schema: z
      .looseObject({ request_id: Id, quote_id: Id.optional(), configuration_id: Id.optional(), sections: z.array(z.string().max(64)).optional() })
      .refine((d) => d.quote_id !== undefined || d.configuration_id !== undefined, { path: ["quote_id"], message: "or configuration_id is required" }),
  },
  "manufacturing.order_created": {
    priority: "critical",
    schema: z.looseObject({ order_id: Id, quote_reference: Id.optional(), quantity: z.number().int().positive().optional(), due_date: DateText.optional() }),
  },
  "manufacturing.status_update": {
    priority: "medium",
    schema: z.looseObject({
      order_id: Id,
      status: z.string().min(1).max(64),
      previous_status: z.string().max(64).optional(),
      stage: Text.optional(),
      notes: Text.optional(),
    }),
  },
  "manufacturing.qc_checkpoint": {
    priority: "high",
    schema: z.looseObject({
      order_id: Id,
      checkpoint_id: Id,
      checkpoint_stage: Text.min(1),
      inspector_name: Text.optional(),
      checks: z
        .array(
          z.looseObject({
            check_id: Id,
            description: Text.optional(),
            status: z.enum(["pass", "fail", "conditional"]),
            measurement: z.string().max(64).optional(),
            tolerance: z.string().max(64).optional(),
            notes: Text.optional(),
            corrective_action: Text.optional(),
          }),
        )
        .min(1),
      overall_status: z.enum(["pass", "fail", "conditional_pass"]),
      next_checkpoint: Text.optional(),
    }),
  },
  "customer.project_created": {
    priority: "medium",
    schema: z.looseObject({ project_id: Id, customer_id: Id, project_name: Text.min(1), quote_ids: z.array(Id).optional() }),
  },
  "customer.portal_access_requested": {
    priority: "low",
    schema: z.looseObject({
      customer_id: Id,
      email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
      name: z.string().trim().min(1).max(120).optional(),
      customer_name: z.string().trim().min(1).max(120).optional(),
      role: z.enum(CUSTOMER_ROLES).optional(),
    }),
  },
  /** Stripe: a Checkout Session was paid (orders are paid exactly once). */
  "checkout.session.completed": {
    priority: "critical",
    schema: z.looseObject({
      id: z.string().min(1),
      client_reference_id: z.string().nullable().optional(),
      metadata: z.record(z.string(), z.string()).nullable().optional(),
      payment_status: z.string(),
      amount_total: z.number().int().nullable().optional(),
      currency: z.string().nullable().optional(),
      payment_intent: z
        .union([z.string(), z.looseObject({ id: z.string() })])
        .nullable()
        .optional(),
    }),
  },
} as const satisfies Record<string, { priority: Priority; schema: z.ZodType }>;

export type InboundType = keyof typeof inboundEvents;
export const isInboundType = (type: string): type is InboundType => Object.hasOwn(inboundEvents, type);
export type InboundPayload<T extends InboundType> = z.infer<(typeof inboundEvents)[T]["schema"]>;

/**
 * The type and body of a partner's JSON: Standard Webhooks' `{type, timestamp, data}`,
 * the seed's flat `{event, …}`, or a Stripe event (`{type, data: {object}}`).
 */
export function classify(json: unknown): { type: string; body: unknown } {
  if (!json || typeof json !== "object" || Array.isArray(json)) return { type: "unknown", body: json };
  const o = json as Record<string, unknown>;
  const type = typeof o.type === "string" ? o.type : typeof o.event === "string" ? o.event : "unknown";
  const data = o.data as Record<string, unknown> | undefined;
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const inner = o.object === "event" && data.object && typeof data.object === "object" ? data.object : data;
    return { type, body: inner };
  }
  return { type, body: o };
}
