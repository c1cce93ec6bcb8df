import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, customers, models, tenants, users } from "./core.ts";

/**
 * Price books are versioned, never edited in place (SCD type 2): publishing
 * closes the current row (`valid_to`) and opens the next. A price keeps the
 * version it was made with.
 */
export const priceBooks = sqliteTable(
  "price_books",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    body: text("body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    valid_from: integer("valid_from").notNull(),
    valid_to: integer("valid_to"),
    published_by: text("published_by").references(() => users.id, { onDelete: "set null" }),
    note: text("note"),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("price_books_tenant_version").on(t.tenant_id, t.version), index("price_books_tenant_valid").on(t.tenant_id, t.valid_to)],
);

/** Gapless counters per tenant (e.g. `Q-2026`), advanced in the same D1 batch as the row that takes the number. */
export const sequences = sqliteTable(
  "sequences",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.name] })],
);

export const QUOTE_STATUSES = ["draft", "pricing", "priced", "sent", "accepted", "rejected", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const quotes = sqliteTable(
  "quotes",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    status: text("status", { enum: QUOTE_STATUSES }).notNull(),
    revision: integer("revision").notNull().default(1),
    customer_id: text("customer_id").references(() => customers.id, { onDelete: "set null" }),
    owner_user_id: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    guest_session_hash: text("guest_session_hash"),
    /** Part of the guest's share link's signature: revoking bumps it, so every link handed out before stops working. */
    share_version: integer("share_version").notNull().default(1),
    contact_email: text("contact_email"),
    title: text("title"),
    notes: text("notes"),
    price_book_version: integer("price_book_version").notNull(),
    currency: text("currency").notNull(),
    /** `quoteTotals` of the engine: items, minimum-order surcharge, tax. */
    totals: text("totals", { mode: "json" }).$type<Record<string, unknown>>(),
    /** The shop's discount on the whole quote (`DiscountSpec`, decision 71); its effect is in `totals`. */
    discount: text("discount", { mode: "json" }).$type<Record<string, unknown>>(),
    review_required: integer("review_required", { mode: "boolean" }).notNull().default(false),
    review_reasons: text("review_reasons", { mode: "json" }).$type<unknown[]>(),
    valid_until: integer("valid_until"),
    sent_at: integer("sent_at"),
    decided_at: integer("decided_at"),
    /** The revision whose `quote.technical_data_ready` went out (once per revision). */
    technical_data_revision: integer("technical_data_revision"),
    /** The company project it belongs to (the same company's); its orders follow it. */
    project_id: text("project_id"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("quotes_tenant_number").on(t.tenant_id, t.number),
    index("quotes_tenant_created").on(t.tenant_id, t.created_at),
    index("quotes_tenant_customer").on(t.tenant_id, t.customer_id),
    index("quotes_tenant_owner").on(t.tenant_id, t.owner_user_id),
    index("quotes_tenant_guest").on(t.tenant_id, t.guest_session_hash),
    index("quotes_tenant_project").on(t.tenant_id, t.project_id),
  ],
);

export const quoteItems = sqliteTable(
  "quote_items",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    quote_id: text("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    model_id: text("model_id").references(() => models.id, { onDelete: "set null" }),
    /** A configured product instead of an uploaded part. */
    configuration_id: text("configuration_id"),
    /** What the customer chose: process, material, finish, quantity, lead time and options. */
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The server's PriceResult, authoritative; null until the model is analysed. */
    price: text("price", { mode: "json" }).$type<Record<string, unknown>>(),
    /** What the browser showed before the server priced it, when it differed. */
    preview_total: integer("preview_total"),
    price_differs: integer("price_differs", { mode: "boolean" }).notNull().default(false),
    /** `review`: it cannot be made as it is (see `price.blockers`), so it has no price until the shop quotes it by hand. */
    status: text("status", { enum: ["pending", "priced", "review", "failed"] }).notNull(),
    error: text("error", { mode: "json" }).$type<{ code: string; message: string }>(),
  },
  (t) => [index("quote_items_tenant_quote").on(t.tenant_id, t.quote_id, t.position)],
);

/** Each revision's full snapshot: history is kept, never overwritten. */
export const quoteRevisions = sqliteTable(
  "quote_revisions",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    quote_id: text("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    reason: text("reason"),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("quote_revisions_tenant_quote_rev").on(t.tenant_id, t.quote_id, t.revision)],
);

/** `Idempotency-Key` on creating POSTs: the same key and body get the same answer for 24 h. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    route: text("route").notNull(),
    request_hash: text("request_hash").notNull(),
    status: integer("status"),
    response: text("response"),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.route, t.key] }), index("idempotency_keys_tenant_created").on(t.tenant_id, t.created_at)],
);

/**
 * A browser that opened a guest's share link: its own guest session acts as
 * the guest session that saved the quote (`owner_hash`), until the link is
 * revoked or the guest signs in.
 */
export const guestSessionLinks = sqliteTable(
  "guest_session_links",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    session_hash: text("session_hash").notNull(),
    owner_hash: text("owner_hash").notNull(),
    quote_id: text("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.session_hash] }), index("guest_session_links_tenant_quote").on(t.tenant_id, t.quote_id)],
);
