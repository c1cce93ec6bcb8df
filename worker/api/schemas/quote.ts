import { z } from "@hono/zod-openapi";
import { orNull } from "../envelope.ts";
import { QUOTE_STATUSES } from "../../db/schema/index.ts";
import { BlockerSchema, DiscountSchema, PriceResultSchema } from "../pricing-schemas.ts";

/** Response schemas of quotes: what GET/POST /quotes… answer. */

export const QuoteTotals = z
  .object({
    currency: z.string(),
    items_total: z.number().int(),
    minimum_order_surcharge: z.number().int(),
    discount: DiscountSchema.nullable()
      .optional()
      .openapi({ description: "The shop's discount on the whole quote, off items and surcharge: `gross_total` is what is left" }),
    net_total: z.number().int().openapi({ description: "Excluding tax: `gross_total` less `tax.amount`" }),
    tax: z
      .object({ label: z.string(), rate: z.number(), inclusive: z.boolean(), amount: z.number().int() })
      .openapi({ description: "`inclusive`: the prices contain the tax and `amount` is the part of `gross_total` that is tax; otherwise it is added to them" }),
    gross_total: z.number().int().openapi({ description: "What the buyer pays: `net_total` + `tax.amount`" }),
    lead_time_days: z.number(),
    orderable: z.boolean(),
  })
  .openapi("QuoteTotals", { description: "Money in integer minor units of `currency`" });

export const ReviewReason = z
  .object({
    code: z.enum(["ORDER_VALUE_ABOVE_LIMIT", "QUANTITY_ABOVE_LIMIT", "DFM_FINDINGS", "PRICE_CONFIRMATION", "CAD_FILE_CONFIRMATION", "ITEM_BLOCKED"]),
    message: z.string(),
    item_index: z.number().int().optional(),
  })
  .openapi("ReviewReason", { description: "Why the shop confirms the quote itself (never its thresholds)" });

export const QuoteItem = z
  .object({
    id: z.string(),
    position: z.number().int(),
    model_id: z.string().nullable(),
    configuration_id: z.string().nullable(),
    options: z.record(z.string(), z.unknown()).openapi({ description: "What the customer chose: process, material, quantity, lead time…" }),
    status: z.enum(["pending", "priced", "review", "failed"]),
    price: orNull(PriceResultSchema),
    blocked: z.boolean().openapi({ description: "True when the item cannot be made as it is: no price, and `blockers` say why" }),
    blockers: z.array(BlockerSchema),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    preview_total: z.number().int().nullable(),
    price_differs: z.boolean(),
  })
  .openapi("QuoteItem");

export const QuoteParty = z
  .object({ name: z.string().nullable(), email: z.string().nullable(), company: z.string().nullable() })
  .openapi("QuoteParty", { description: "Who the quote is for: the account's name and e-mail (or the guest's contact e-mail) and the company" });

export const Quote = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "Q-2026-0001" }),
    status: z.enum(QUOTE_STATUSES),
    revision: z.number().int(),
    title: z.string().nullable(),
    notes: z.string().nullable(),
    contact_email: z.string().nullable(),
    customer_id: z.string().nullable(),
    project_id: z.string().nullable().openapi({ description: "The company project the quote is in" }),
    currency: z.string(),
    price_book_version: z.string(),
    totals: orNull(QuoteTotals),
    review_required: z.boolean(),
    review_reasons: z.array(ReviewReason),
    valid_until: z.string().nullable(),
    sent_at: z.string().nullable(),
    decided_at: z.string().nullable(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
    items: z.array(QuoteItem),
    customer: QuoteParty.optional().openapi({ description: "In lists and GET /quotes/{id}" }),
  })
  .openapi("Quote");

export const QuoteRevision = z
  .object({
    revision: z.number().int(),
    reason: z.string().nullable(),
    snapshot: z.record(z.string(), z.unknown()).openapi({ description: "The quote as it was" }),
  })
  .openapi("QuoteRevision");

export const QuoteChange = z
  .object({
    item_id: z.string(),
    item: z.number().int().openapi({ description: "The item's place on the quote, from 1" }),
    field: z.string().openapi({ description: "The choice that changed (quantity, material, finish, lead_time, …), or `item` when added or removed" }),
    before: z.unknown(),
    after: z.unknown(),
    price_before: z.number().int().nullable(),
    price_after: z.number().int().nullable().openapi({ description: "Null while the new revision is being priced, or when removed" }),
  })
  .openapi("QuoteChange");

export const QuoteWithRevisions = Quote.extend({
  revisions: z.array(QuoteRevision),
  changes: z.array(QuoteChange).openapi({ description: "What this revision changed from the one before (empty for the first)" }),
  share_url: z
    .string()
    .nullable()
    .openapi({ description: "For the guest who saved the quote with an e-mail only: a link that opens it on any device (null for everyone else)" }),
}).openapi("QuoteWithRevisions");

export type Quote = z.infer<typeof Quote>;
export type QuoteItem = z.infer<typeof QuoteItem>;
export type QuoteWithRevisions = z.infer<typeof QuoteWithRevisions>;
