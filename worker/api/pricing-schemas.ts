import { z } from "@hono/zod-openapi";
import { PROCESSES } from "../../engine/pricing/index.ts";

const Code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be a catalogue code");

/** What a customer chooses for one part: the calculator's options. */
export const PriceOptionsFields = {
  process: z.enum(PROCESSES),
  machine: Code.optional(),
  material: Code,
  finish: Code.optional(),
  quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1,000,000"),
  lead_time: Code.optional(),
  infill: z.number().min(0).max(1).optional().openapi({ description: "FFF infill as a fraction (0.2 = 20 %)" }),
  colour: z.string().min(1).max(64).optional(),
  thickness_mm: z.number().positive().max(100).optional().openapi({ description: "Laser: sheet thickness" }),
};

export const BlockerSchema = z
  .object({ code: z.string(), message: z.string(), fix: z.string(), field: z.string().optional() })
  .openapi("Blocker", { description: "What stops an item being made as it is, and how to fix it" });

/** A discount the shop gave (decision 71), as the customer sees it; `off` is what it takes off, in minor units. */
export const DiscountSchema = z
  .object({
    label: z.string().openapi({ example: "Discount 10 %" }),
    percent: z.number().nullable(),
    amount: z.number().int().nullable().openapi({ description: "The fixed amount asked for (minor units); null for a percentage" }),
    off: z.number().int(),
    customer_note: z.string().nullable(),
    set_at: z.string(),
  })
  .openapi("AppliedDiscount");

export const PriceResultSchema = z
  .object({
    process: z.string(),
    machine: z.object({ code: z.string(), name: z.string() }),
    material: z.string(),
    finish: z.string().nullable(),
    colour: z.string().nullable(),
    quantity: z.number(),
    currency: z.string(),
    unit_price: z.number().int().nullable().openapi({ description: "Null when the item is blocked" }),
    total: z.number().int().nullable().openapi({ description: "Null when the item is blocked" }),
    lead_time: z.object({ code: z.string(), label: z.string(), days: z.number(), factor: z.number() }).nullable(),
    breakdown: z.array(z.object({ code: z.string(), label: z.string(), amount: z.number().int(), basis: z.unknown() })),
    dfm: z.array(
      z.object({
        severity: z.enum(["error", "warning", "info"]),
        code: z.string(),
        message: z.string(),
        fix: z.string().optional(),
        faces: z.unknown().optional(),
      }),
    ),
    orderable: z.boolean(),
    tax: z
      .object({ label: z.string(), rate: z.number(), inclusive: z.boolean(), amount: z.number().int(), total_with_tax: z.number().int() })
      .nullable()
      .openapi({
        description: "`inclusive`: `total` contains the tax (`amount` is the part of it that is tax, `total_with_tax` = `total`); otherwise it is added",
      }),
    blocked: z
      .boolean()
      .openapi({ description: "True when the part cannot be made as it is: no price or lead time, see `blockers`; the shop can quote it by hand" }),
    blockers: z.array(BlockerSchema),
    price_book_version: z.string(),
    discount: DiscountSchema.extend({ list_total: z.number().int().openapi({ description: "The line's total before the discount" }) })
      .optional()
      .openapi({ description: "The shop's discount on this line: `total` is `list_total` less `off`" }),
  })
  .openapi("PriceResult");
