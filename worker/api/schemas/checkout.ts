import { z } from "@hono/zod-openapi";
import { Id, iso } from "../schemas.ts";
import type { PostalAddress } from "../../db/schema/index.ts";
import type { SavedAddress } from "../../db/checkouts.ts";

/** Checkout's addresses, shipping and review (issue 15). */

const required = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const optional = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).optional();

// Intl names the ISO 3166-1 countries, and a few two-letter regions that are not one (the EU, the UN, "unknown").
const regions = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "UK", "QO", "ZZ"]);
const isCountry = (code: string) => /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regions.of(code) !== undefined;

export const AddressInput = z
  .strictObject(
    {
      label: optional(60).openapi({ example: "Head office" }),
      name: required(120).openapi({ description: "The person the parts or the invoice are for", example: "Ann Baker" }),
      company: optional(120),
      line1: required(200).openapi({ example: "Hafenstraße 12" }),
      line2: optional(200),
      city: required(100).openapi({ example: "Hamburg" }),
      postcode: required(20).openapi({ example: "20457" }),
      country: z.string().trim().toUpperCase().refine(isCountry, "must be a two-letter country code (ISO 3166-1 alpha-2), like DE").openapi({ example: "DE" }),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 ()./-]{3,29}$/, "must be a phone number, like +49 40 1234567")
        .optional(),
    },
    // A missing address is named as missing, not as a wrong type.
    { error: (issue) => (issue.input === undefined ? "is required: a saved address's id or an address" : undefined) },
  )
  .openapi("AddressInput");

export const Address = z
  .object({
    label: z.string().nullable(),
    name: z.string(),
    company: z.string().nullable(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    postcode: z.string(),
    country: z.string(),
    phone: z.string().nullable(),
  })
  .openapi("Address");

export const SavedAddressView = Address.extend({ id: z.string(), created_at: z.string().nullable() }).openapi("SavedAddress");

export const toPostal = (a: z.infer<typeof AddressInput>): PostalAddress => ({
  label: a.label || null,
  name: a.name,
  company: a.company || null,
  line1: a.line1,
  line2: a.line2 || null,
  city: a.city,
  postcode: a.postcode,
  country: a.country,
  phone: a.phone || null,
});

export const presentAddress = (a: SavedAddress) => ({ id: a.id, ...a.address, created_at: iso(a.created_at) });

export const ChosenShippingView = z
  .object({
    code: z.string(),
    name: z.string(),
    price: z.number().int().openapi({ description: "Minor units, before tax" }),
    days: z.number().int().openapi({ description: "Working days in transit (0: collected)" }),
    weight_kg: z.number().openapi({ description: "The consignment's weight: the parts' mass and the products' bills of materials" }),
  })
  .openapi("ChosenShipping");

const AddressRef = z.union([AddressInput, Id.openapi({ description: "The id of one of the company's saved addresses" })]);

export const CreateCheckout = z
  .strictObject({
    quote_id: Id,
    billing_address: AddressRef,
    shipping_address: AddressRef,
    shipping_method: z.string().trim().min(1, "is required").max(40).openapi({ description: "The code of one of the shop's shipping methods" }),
    payment: z.enum(["card", "purchase_order"]),
    po_number: z.string().trim().min(1, "is required").max(64).optional().openapi({ description: "Required to pay on a purchase order" }),
    terms_version: z.number().int().positive().openapi({ description: "The version of the shop's terms the buyer accepts: the current one" }),
  })
  .openapi("CreateCheckout");

const ReviewDiscount = z.object({ label: z.string(), off: z.number().int(), customer_note: z.string().nullable() });

export const CheckoutReview = z
  .object({
    currency: z.string(),
    lines: z.array(
      z.object({
        item_id: z.string(),
        label: z.string(),
        description: z.string().nullable(),
        quantity: z.number().int(),
        unit_price: z.number().int(),
        total: z.number().int().openapi({ description: "After the line's discount, when the shop gave one" }),
        lead_time_days: z.number().int(),
        discount: ReviewDiscount.extend({ list_total: z.number().int() })
          .nullable()
          .optional()
          .openapi({ description: "The shop's discount on this line: `list_total` less `off` is `total`" }),
      }),
    ),
    items_total: z.number().int(),
    minimum_order_surcharge: z.number().int(),
    discount: ReviewDiscount.nullable().optional().openapi({ description: "The shop's discount on the quote, off items and surcharge" }),
    shipping: ChosenShippingView,
    net_total: z.number().int().openapi({ description: "Excluding tax: `total` less `tax.amount`" }),
    tax: z
      .object({ label: z.string(), rate: z.number(), inclusive: z.boolean(), amount: z.number().int() })
      .openapi({ description: "`inclusive`: the prices and shipping contain the tax and `amount` is the part of `total` that is tax" }),
    total: z
      .number()
      .int()
      .openapi({ description: "What the order costs: lines, surcharge, less discount, shipping, and the tax unless the prices include it" }),
    delivery_date: z.string().openapi({ description: "The day the parts arrive (or are ready to collect), YYYY-MM-DD", example: "2026-12-18" }),
  })
  .openapi("CheckoutReview");

export const CheckoutView = z
  .object({
    id: z.string(),
    quote_id: z.string(),
    payment: z.enum(["card", "purchase_order"]),
    po_number: z.string().nullable(),
    terms_version: z.number().int(),
    billing_address: Address,
    shipping_address: Address,
    review: CheckoutReview,
    created_at: z.string().nullable(),
  })
  .openapi("Checkout");
