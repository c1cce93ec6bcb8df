import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, customers, tenants } from "./core.ts";
import { quotes } from "./quotes.ts";

/** A postal address as a checkout and an order keep it; country is ISO 3166-1 alpha-2. */
export type PostalAddress = {
  label: string | null;
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postcode: string;
  country: string;
  phone: string | null;
};

/** The shipping a checkout chose, priced for its destination and weight (minor units, working days). */
export type ChosenShipping = { code: string; name: string; price: number; days: number; weight_kg: number };

/** What a checkout shows before confirmation: every line, shipping, tax and the total (minor units). */
type ReviewDiscount = { label: string; off: number; customer_note: string | null };

export type CheckoutReview = {
  currency: string;
  lines: {
    item_id: string;
    label: string;
    description: string | null;
    quantity: number;
    unit_price: number;
    total: number;
    lead_time_days: number;
    /** The shop's discount on the line (decision 71). */
    discount?: ReviewDiscount & { list_total: number };
  }[];
  items_total: number;
  minimum_order_surcharge: number;
  /** The shop's discount on the quote, off items and surcharge (decision 71). */
  discount?: ReviewDiscount | null;
  shipping: ChosenShipping;
  net_total: number;
  tax: { label: string; rate: number; inclusive: boolean; amount: number };
  total: number;
  delivery_date: string;
};

/** A customer company's saved addresses, offered again at its next checkout. */
export const companyAddresses = sqliteTable(
  "company_addresses",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    customer_id: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    address: text("address", { mode: "json" }).$type<PostalAddress>().notNull(),
    created_at: createdAt(),
  },
  (t) => [index("company_addresses_tenant_customer").on(t.tenant_id, t.customer_id, t.created_at)],
);

/**
 * A checkout of a quote: the addresses, shipping, payment and terms the buyer
 * chose and the review they were shown, waiting for confirmation. Confirming
 * makes the quote's order; a quote may have several unconfirmed checkouts.
 */
export const checkouts = sqliteTable(
  "checkouts",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    quote_id: text("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    /** The quote revision reviewed: a revised quote needs a new checkout. */
    quote_revision: integer("quote_revision").notNull(),
    billing_address: text("billing_address", { mode: "json" }).$type<PostalAddress>().notNull(),
    shipping_address: text("shipping_address", { mode: "json" }).$type<PostalAddress>().notNull(),
    payment: text("payment", { enum: ["card", "purchase_order"] }).notNull(),
    po_number: text("po_number"),
    terms_version: integer("terms_version").notNull(),
    /** What the buyer was shown, its shipping included: the order is placed at `review.total`. */
    review: text("review", { mode: "json" }).$type<CheckoutReview>().notNull(),
    created_at: createdAt(),
  },
  (t) => [index("checkouts_tenant_quote").on(t.tenant_id, t.quote_id)],
);
