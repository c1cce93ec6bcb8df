import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, tenants, users } from "./core.ts";

/** What a person can be told about (issue 14, "Notifications"); each has an e-mail and an in-app channel. */
export const NOTIFICATION_TYPES = [
  "quote.sent",
  "quote.expiring",
  "order.confirmed",
  "order.resubmitted",
  "drawings.ready",
  "production.update",
  "order.shipped",
  "message.new",
  "member.invited",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** E-mail of one notification: to send, being sent (claimed), sent, not wanted, or refused by the mail service for good. */
export const EMAIL_STATES = ["pending", "sending", "sent", "skipped", "failed"] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/**
 * Something happened that people are told about: written once per `key`
 * (`quote.sent:{quote}:{revision}`, `quote.expiring:{quote}`, …), so the
 * same happening reported twice, or found again by the expiry check, is one
 * event. `enqueued_at` is null until its fan-out message is on the queue (the
 * scheduled sweep sends the ones a dying request left behind).
 */
export const notificationEvents = sqliteTable(
  "notification_events",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    type: text("type", { enum: NOTIFICATION_TYPES }).notNull(),
    /** The ids the event is about (quote_id, order_id, …): never a secret (an invitation's link rides only on the queue). */
    subject: text("subject", { mode: "json" }).$type<Record<string, string | number | null>>().notNull(),
    created_at: createdAt(),
    enqueued_at: integer("enqueued_at"),
    /** Set once its recipients' rows are written: a redelivered message then only finishes the e-mails, it finds nobody new. */
    fanned_out_at: integer("fanned_out_at"),
  },
  (t) => [uniqueIndex("notification_events_tenant_key").on(t.tenant_id, t.key), index("notification_events_unqueued").on(t.enqueued_at, t.created_at)],
);

/**
 * One event for one person: the in-app entry and the state of its e-mail.
 * Unique per (event, recipient): a redelivered fan-out writes nothing new and
 * the e-mail is claimed (pending → sending) before it is sent, so it goes out
 * at most once. `in_app` is false for an entry only e-mailed (an invitation,
 * or a person who turned the in-app list off for the type).
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event_id: text("event_id").notNull(),
    type: text("type", { enum: NOTIFICATION_TYPES }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** The page it is about, on the shop's host. */
    path: text("path").notNull(),
    in_app: integer("in_app", { mode: "boolean" }).notNull(),
    read_at: integer("read_at"),
    email_state: text("email_state", { enum: EMAIL_STATES }).notNull(),
    email_to: text("email_to"),
    /** The mail service's Message-ID, once sent. */
    email_message_id: text("email_message_id"),
    emailed_at: integer("emailed_at"),
    created_at: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_tenant_event_user").on(t.tenant_id, t.event_id, t.user_id),
    index("notifications_tenant_user_created").on(t.tenant_id, t.user_id, t.created_at),
  ],
);

/** A person's choices, per type and channel; a type absent here is on (both channels). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type", { enum: NOTIFICATION_TYPES }).notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
    in_app: integer("in_app", { mode: "boolean" }).notNull(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.user_id, t.type] })],
);
