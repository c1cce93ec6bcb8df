import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, tenants } from "./core.ts";
import type { ChosenShipping, PostalAddress } from "./checkout.ts";

/**
 * Partner webhooks, in and out, and payments. Secrets are stored encrypted
 * (AES-GCM, worker/webhooks/secrets.ts), never in clear.
 */

export const SOURCE_SCHEMES = ["standard", "stripe"] as const;
export type SourceScheme = (typeof SOURCE_SCHEMES)[number];
export type StoredSecret = { secret_enc: string; created_at: number };

/** A partner system that sends us webhooks on `POST /webhooks/{name}`. */
export const webhookSources = sqliteTable(
  "webhook_sources",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scheme: text("scheme", { enum: SOURCE_SCHEMES }).notNull(),
    /** One or two active secrets (newest first): both verify during a rotation. */
    secrets: text("secrets", { mode: "json" }).$type<StoredSecret[]>().notNull(),
    tolerance_seconds: integer("tolerance_seconds").notNull().default(300),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("webhook_sources_tenant_name").on(t.tenant_id, t.name)],
);

export const INBOUND_STATUSES = ["received", "processing", "retrying", "processed", "failed", "dead", "discarded"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** A verified inbound event, stored before it is processed. */
export const inboundEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    source_id: text("source_id").notNull(),
    source: text("source").notNull(),
    /** The sender's event id (`webhook-id`, or Stripe's `evt_…`). */
    external_id: text("external_id").notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: INBOUND_STATUSES }).$type<InboundStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    last_error: text("last_error"),
    received_at: integer("received_at").notNull(),
    /** Set once the message is on the inbox queue; the sweep re-sends rows where it stays null. */
    enqueued_at: integer("enqueued_at"),
    processed_at: integer("processed_at"),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("webhook_events_tenant_source_external").on(t.tenant_id, t.source_id, t.external_id),
    index("webhook_events_tenant_received").on(t.tenant_id, t.received_at),
    index("webhook_events_tenant_status").on(t.tenant_id, t.status),
    index("webhook_events_tenant_unqueued").on(t.tenant_id, t.received_at).where(sql`enqueued_at IS NULL`),
  ],
);

/**
 * One row per inbound event whose effect was applied, written in the same D1
 * batch as the effect: a second application of the same event fails on the
 * primary key and rolls the whole batch back (exactly-once effect).
 */
export const inboundEffects = sqliteTable(
  "webhook_effects",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    event_id: text("event_id").notNull(),
    applied_at: integer("applied_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.event_id] })],
);

/**
 * What partners asked of us, keyed by their own ids (a quote request, a
 * drawing request, a manufacturing order …), so later events about the same
 * thing find it, and can be linked to our own records as those land.
 */
export const partnerRecords = sqliteTable(
  "partner_records",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    kind: text("kind").notNull(),
    external_id: text("external_id").notNull(),
    status: text("status").notNull(),
    revision: integer("revision").notNull().default(1),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Our quote, once a partner request is linked to one. */
    quote_id: text("quote_id"),
    /** Our customer company, once a partner's customer is linked to one. */
    customer_id: text("customer_id"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("partner_records_tenant_key").on(t.tenant_id, t.source, t.kind, t.external_id)],
);

/** A partner URL we send signed events to. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description"),
    event_types: text("event_types", { mode: "json" }).$type<string[]>().notNull(),
    secret_enc: text("secret_enc").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    disabled_reason: text("disabled_reason"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_tenant_created").on(t.tenant_id, t.created_at)],
);

export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The transactional outbox: an event row written in the same batch as the state change it reports. */
export const outboundEvents = sqliteTable(
  "outbound_events",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    priority: text("priority", { enum: PRIORITIES }).$type<Priority>().notNull(),
    /** Rate-limited events (drawing.progress_update) share a key per request. */
    throttle_key: text("throttle_key"),
    created_at: integer("created_at").notNull(),
  },
  (t) => [
    index("outbound_events_tenant_created").on(t.tenant_id, t.created_at),
    index("outbound_events_tenant_throttle").on(t.tenant_id, t.throttle_key, t.created_at),
  ],
);

export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "dead", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One outbound event to one endpoint. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    event_id: text("event_id").notNull(),
    endpoint_id: text("endpoint_id").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).$type<DeliveryStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    last_status_code: integer("last_status_code"),
    last_error: text("last_error"),
    enqueued_at: integer("enqueued_at"),
    created_at: integer("created_at").notNull(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    index("webhook_deliveries_tenant_endpoint").on(t.tenant_id, t.endpoint_id, t.created_at),
    index("webhook_deliveries_tenant_event").on(t.tenant_id, t.event_id),
    index("webhook_deliveries_tenant_unqueued").on(t.tenant_id, t.created_at).where(sql`enqueued_at IS NULL`),
  ],
);

/** Every HTTP attempt of a delivery: the endpoint's delivery log. */
export const deliveryAttempts = sqliteTable(
  "webhook_delivery_attempts",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    delivery_id: text("delivery_id").notNull(),
    endpoint_id: text("endpoint_id").notNull(),
    attempt: integer("attempt").notNull(),
    status_code: integer("status_code"),
    latency_ms: integer("latency_ms").notNull(),
    response_snippet: text("response_snippet"),
    error: text("error"),
    created_at: integer("created_at").notNull(),
  },
  (t) => [index("webhook_delivery_attempts_tenant_endpoint").on(t.tenant_id, t.endpoint_id, t.created_at)],
);

export const DLQ_STATUSES = ["pending", "retried", "discarded"] as const;

/** What exhausted its attempts, inbound or outbound, for review, retry or discard. */
export const webhookDeadLetters = sqliteTable(
  "webhook_dead_letters",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["inbound", "outbound"] }).notNull(),
    /** The inbound event, or the outbound delivery. */
    ref_id: text("ref_id").notNull(),
    event_type: text("event_type").notNull(),
    failure_reason: text("failure_reason").notNull(),
    attempts: integer("attempts").notNull(),
    resolution_status: text("resolution_status", { enum: DLQ_STATUSES }).notNull().default("pending"),
    resolution_note: text("resolution_note"),
    resolved_at: integer("resolved_at"),
    created_at: integer("created_at").notNull(),
  },
  (t) => [
    index("webhook_dead_letters_tenant_status").on(t.tenant_id, t.resolution_status, t.created_at),
    index("webhook_dead_letters_tenant_ref").on(t.tenant_id, t.ref_id),
  ],
);

/** The shop's own Stripe account: its secret key, encrypted. The webhook secret lives on the `stripe` source. */
export const stripeAccounts = sqliteTable("stripe_accounts", {
  tenant_id: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  secret_key_enc: text("secret_key_enc").notNull(),
  updated_at: integer("updated_at").notNull(),
});

/** awaiting_approval: placed by a company's user for its admin to approve (decision 53): no payment, MOs or webhooks yet. */
export const ORDER_STATUSES = ["awaiting_approval", "awaiting_payment", "paid", "purchase_order", "cancelled"] as const;
/** An ordered (paid or purchase-order) order's cutting list: queued, stored, not needed (no profile cuts), or impossible. */
export const CUTTING_LIST_STATES = ["pending", "ready", "none", "failed"] as const;

/** An accepted quote being paid: by Stripe Checkout, or on a purchase order. */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    quote_id: text("quote_id").notNull(),
    /** ORD-YYYY-NNNN, gapless per tenant and year (docs/decisions/0002-document-numbers.md); null on orders older than numbers. */
    number: text("number"),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    payment_method: text("payment_method", { enum: ["stripe", "purchase_order"] }).notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    po_number: text("po_number"),
    stripe_session_id: text("stripe_session_id"),
    stripe_payment_intent: text("stripe_payment_intent"),
    paid_at: integer("paid_at"),
    /** What a checkout agreed (null on orders placed through the accept and purchase-order routes). */
    checkout_id: text("checkout_id"),
    terms_version: integer("terms_version"),
    billing_address: text("billing_address", { mode: "json" }).$type<PostalAddress>(),
    shipping_address: text("shipping_address", { mode: "json" }).$type<PostalAddress>(),
    shipping: text("shipping", { mode: "json" }).$type<ChosenShipping>(),
    /** Null until ordered; the scheduled sweep re-queues orders left `pending`. */
    cutting_list_state: text("cutting_list_state", { enum: CUTTING_LIST_STATES }),
    /** Who placed it (null on orders older than approvals, guests' and the shop's). */
    placed_by: text("placed_by"),
    /** The company admin's decision on an order placed for approval (decision 53). */
    approval_decision: text("approval_decision", { enum: ["approved", "rejected"] }),
    approval_decided_by: text("approval_decided_by"),
    approval_decided_at: integer("approval_decided_at"),
    approval_reason: text("approval_reason"),
    created_at: integer("created_at").notNull(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("orders_tenant_quote").on(t.tenant_id, t.quote_id),
    uniqueIndex("orders_tenant_number").on(t.tenant_id, t.number),
    index("orders_tenant_created").on(t.tenant_id, t.created_at),
    index("orders_tenant_session").on(t.tenant_id, t.stripe_session_id),
    index("orders_tenant_cutting_pending").on(t.tenant_id, t.updated_at).where(sql`cutting_list_state = 'pending'`),
  ],
);

/**
 * An order's invoice (decision 70): INV-YYYY-NNNN, gapless per tenant and year,
 * one per order. Its PDF is rendered once and kept in R2 (`r2_key`, null until
 * stored), so it reads the same however the shop's details change later.
 */
export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    order_id: text("order_id").notNull(),
    number: text("number").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    /** The staff member who issued it; null when the first shipment did. */
    issued_by: text("issued_by"),
    issued_at: integer("issued_at").notNull(),
    r2_key: text("r2_key"),
  },
  (t) => [
    uniqueIndex("invoices_tenant_order").on(t.tenant_id, t.order_id),
    uniqueIndex("invoices_tenant_number").on(t.tenant_id, t.number),
    index("invoices_tenant_issued").on(t.tenant_id, t.issued_at),
  ],
);

/** An order's combined cutting list; the document is JSON in R2. One per order. */
export const cuttingLists = sqliteTable(
  "cutting_lists",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    order_id: text("order_id").notNull(),
    r2_key: text("r2_key").notNull(),
    created_at: integer("created_at").notNull(),
    /** Set once, by the batch that took the list's bars out of stock (the first MO to finish cutting). */
    consumed_token: text("consumed_token"),
    consumed_at: integer("consumed_at"),
  },
  (t) => [uniqueIndex("cutting_lists_tenant_order").on(t.tenant_id, t.order_id)],
);

/** A specification document generated for a partner's request; the document is JSON in R2. */
export const specifications = sqliteTable(
  "specifications",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    request_id: text("request_id").notNull(),
    quote_id: text("quote_id"),
    r2_key: text("r2_key").notNull(),
    created_at: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("specifications_tenant_request").on(t.tenant_id, t.source, t.request_id)],
);
