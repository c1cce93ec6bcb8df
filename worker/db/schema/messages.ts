import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, tenants, users } from "./core.ts";

/** What a thread is about: a project or a quote (one thread each). */
export const THREAD_SUBJECTS = ["project", "quote"] as const;
export type ThreadSubject = (typeof THREAD_SUBJECTS)[number];

/** Which side wrote a message: the shop's staff or the customer's company. */
export const MESSAGE_SIDES = ["shop", "customer"] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];

/**
 * The conversation between a customer company and the shop about one project
 * or one quote (issue 14, "Messages"). Opened by its first message; who may
 * read it is whoever may see its subject (worker/portal/messages.ts).
 */
export const messageThreads = sqliteTable(
  "message_threads",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    subject_type: text("subject_type", { enum: THREAD_SUBJECTS }).notNull(),
    subject_id: text("subject_id").notNull(),
    last_message_at: integer("last_message_at").notNull(),
    created_at: createdAt(),
  },
  (t) => [
    uniqueIndex("message_threads_tenant_subject").on(t.tenant_id, t.subject_type, t.subject_id),
    index("message_threads_tenant_last").on(t.tenant_id, t.last_message_at, t.id),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    thread_id: text("thread_id")
      .notNull()
      .references(() => messageThreads.id, { onDelete: "cascade" }),
    /** Null once the author's account is removed; the name and side stay with the message. */
    author_id: text("author_id").references(() => users.id, { onDelete: "set null" }),
    author_name: text("author_name").notNull(),
    author_side: text("author_side", { enum: MESSAGE_SIDES }).notNull(),
    body: text("body").notNull(),
    created_at: createdAt(),
  },
  (t) => [index("messages_tenant_thread").on(t.tenant_id, t.thread_id, t.created_at, t.id)],
);

/** A file sent with a message: uploaded first (message_id null), then attached by the message that names it. */
export const messageAttachments = sqliteTable(
  "message_attachments",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    message_id: text("message_id").references(() => messages.id, { onDelete: "cascade" }),
    uploaded_by: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    content_type: text("content_type").notNull(),
    size_bytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    r2_key: text("r2_key").notNull(),
    created_at: createdAt(),
  },
  (t) => [index("message_attachments_tenant_message").on(t.tenant_id, t.message_id)],
);

/** How far a user has read a thread: messages of others after `read_at` are unread. */
export const messageReads = sqliteTable(
  "message_reads",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    thread_id: text("thread_id")
      .notNull()
      .references(() => messageThreads.id, { onDelete: "cascade" }),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    read_at: integer("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.thread_id, t.user_id] })],
);
