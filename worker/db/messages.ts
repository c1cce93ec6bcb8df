import { and, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { derivedId } from "./derived-id.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { projectsVisibleTo, type ProjectViewer } from "./projects.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { messageAttachments, messageReads, messages, messageThreads, projects, quotes, type MessageSide, type ThreadSubject } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type Message = typeof messages.$inferSelect;
export type MessageAttachment = typeof messageAttachments.$inferSelect;
export type MessageThread = typeof messageThreads.$inferSelect;

/** The one thread of a subject has an id derived from it, so two first messages at once open the same thread. */
export const threadIdOf = (scope: Scope, subjectType: ThreadSubject, subjectId: string) =>
  derivedId(`${scope.tenantId}:${subjectType}:${subjectId}`, "message-thread");

export const findThread = (scope: Scope, subjectType: ThreadSubject, subjectId: string) =>
  scope.db
    .select()
    .from(messageThreads)
    .where(ofTenant(scope, messageThreads, eq(messageThreads.subject_type, subjectType), eq(messageThreads.subject_id, subjectId)))
    .get();

/** A thread's messages, oldest first by default (a conversation reads down). */
export function listMessages(scope: Scope, threadId: string, page: PageRequest) {
  const { after, orderBy } = keyset(messages.created_at, messages.id, page);
  return scope.db
    .select()
    .from(messages)
    .where(ofTenant(scope, messages, eq(messages.thread_id, threadId), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

/** The attachments of these messages, by message id. */
export async function attachmentsOfMessages(scope: Scope, messageIds: string[]) {
  const byMessage = new Map<string, MessageAttachment[]>(messageIds.map((id) => [id, []]));
  if (messageIds.length === 0) return byMessage;
  const rows = await scope.db
    .select()
    .from(messageAttachments)
    .where(ofTenant(scope, messageAttachments, inArray(messageAttachments.message_id, messageIds)))
    .orderBy(messageAttachments.created_at);
  for (const a of rows) byMessage.get(a.message_id!)?.push(a);
  return byMessage;
}

export const findAttachment = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(messageAttachments)
    .where(ofTenant(scope, messageAttachments, eq(messageAttachments.id, id)))
    .get();

/** The thread an attached file belongs to (undefined while it is attached to no message). */
export const threadOfMessage = (scope: Scope, messageId: string) =>
  scope.db
    .select({ thread: messageThreads })
    .from(messages)
    .innerJoin(messageThreads, and(eq(messageThreads.tenant_id, messages.tenant_id), eq(messageThreads.id, messages.thread_id)))
    .where(ofTenant(scope, messages, eq(messages.id, messageId)))
    .get()
    .then((r) => r?.thread);

export async function insertAttachment(scope: Scope, row: Omit<MessageAttachment, "tenant_id" | "created_at" | "message_id">, now = Date.now()) {
  const attachment: MessageAttachment = { ...row, message_id: null, tenant_id: scope.tenantId, created_at: now };
  await scope.db.insert(messageAttachments).values(attachment);
  return attachment;
}

/** Of these attachment ids, those the user uploaded and no message carries yet. */
export const freeAttachments = (scope: Scope, ids: string[], userId: string) =>
  scope.db
    .select()
    .from(messageAttachments)
    .where(
      ofTenant(
        scope,
        messageAttachments,
        inArray(messageAttachments.id, ids),
        eq(messageAttachments.uploaded_by, userId),
        isNull(messageAttachments.message_id),
      ),
    );

export interface NewMessage {
  id: string;
  threadId: string;
  subjectType: ThreadSubject;
  subjectId: string;
  authorId: string;
  authorName: string;
  authorSide: MessageSide;
  body: string;
  attachmentIds: string[];
}

/**
 * A message in one batch: its thread opened (or moved to the top of the
 * inbox), the message, its attachments claimed (only still-free ones of the
 * author's) and the author's own read marker moved past it.
 */
export function postMessageStatements(scope: Scope, m: NewMessage, now: number): BatchItem<"sqlite">[] {
  return [
    scope.db
      .insert(messageThreads)
      .values({ id: m.threadId, tenant_id: scope.tenantId, subject_type: m.subjectType, subject_id: m.subjectId, last_message_at: now, created_at: now })
      .onConflictDoUpdate({ target: messageThreads.id, set: { last_message_at: sql`max(${messageThreads.last_message_at}, ${now})` } }),
    scope.db.insert(messages).values({
      id: m.id,
      tenant_id: scope.tenantId,
      thread_id: m.threadId,
      author_id: m.authorId,
      author_name: m.authorName,
      author_side: m.authorSide,
      body: m.body,
      created_at: now,
    }),
    ...(m.attachmentIds.length
      ? [
          scope.db
            .update(messageAttachments)
            .set({ message_id: m.id })
            .where(
              ofTenant(
                scope,
                messageAttachments,
                inArray(messageAttachments.id, m.attachmentIds),
                eq(messageAttachments.uploaded_by, m.authorId),
                isNull(messageAttachments.message_id),
              ),
            ),
        ]
      : []),
    markReadStatement(scope, m.threadId, m.authorId, now),
  ];
}

/** Moves a user's read marker of a thread to `at` (never back). */
export const markReadStatement = (scope: Scope, threadId: string, userId: string, at: number) =>
  scope.db
    .insert(messageReads)
    .values({ tenant_id: scope.tenantId, thread_id: threadId, user_id: userId, read_at: at })
    .onConflictDoUpdate({
      target: [messageReads.tenant_id, messageReads.thread_id, messageReads.user_id],
      set: { read_at: sql`max(${messageReads.read_at}, excluded.read_at)` },
    });

/** Messages of others in the thread after the user's read marker (one correlated count). */
const unreadOf = (scope: Scope, userId: string) => sql<number>`(
  SELECT count(*) FROM ${messages} m
  WHERE m.tenant_id = ${scope.tenantId} AND m.thread_id = ${messageThreads.id} AND (m.author_id IS NULL OR m.author_id <> ${userId})
    AND m.created_at > coalesce((SELECT r.read_at FROM ${messageReads} r WHERE r.tenant_id = ${scope.tenantId} AND r.thread_id = ${messageThreads.id} AND r.user_id = ${userId}), 0)
)`;

/** How many messages of one thread the user has not read. */
export const unreadInThread = async (scope: Scope, threadId: string, userId: string) =>
  (
    await scope.db
      .select({ unread: unreadOf(scope, userId) })
      .from(messageThreads)
      .where(ofTenant(scope, messageThreads, eq(messageThreads.id, threadId)))
      .get()
  )?.unread ?? 0;

/** Who looks at the inbox: the shop sees every thread; a customer the threads of projects and quotes they may see. */
export type InboxViewer = { kind: "staff"; userId: string } | { kind: "customer"; userId: string; projects: ProjectViewer | null; quotes: Viewer };

/** Threads whose subject the viewer sees (and that has one: a thread never outlives its subject's row). */
function inboxVisibleTo(viewer: InboxViewer): SQL | undefined {
  const projectThread = sql`${projects.id} IS NOT NULL`;
  const quoteThread = sql`${quotes.id} IS NOT NULL`;
  if (viewer.kind === "staff") return or(projectThread, quoteThread);
  const quoteThreads = and(quoteThread, visibleTo(quotes, viewer.quotes));
  return viewer.projects ? or(and(projectThread, projectsVisibleTo(viewer.projects)), quoteThreads) : quoteThreads;
}

/** The threads the viewer may read, the most recently active first, each with its subject (a project or a quote), last message and the viewer's unread count. */
export function listThreads(scope: Scope, viewer: InboxViewer, page: PageRequest) {
  const { after, orderBy } = keyset(messageThreads.last_message_at, messageThreads.id, page);
  return scope.db
    .select({
      thread: messageThreads,
      project: { id: projects.id, number: projects.number, name: projects.name },
      quote: { id: quotes.id, number: quotes.number, title: quotes.title },
      unread: unreadOf(scope, viewer.userId),
      last: sql<string | null>`(SELECT json_object('author_name', m.author_name, 'author_side', m.author_side, 'body', substr(m.body, 1, 140))
        FROM ${messages} m WHERE m.tenant_id = ${scope.tenantId} AND m.thread_id = ${messageThreads.id} ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`,
    })
    .from(messageThreads)
    .leftJoin(
      projects,
      and(eq(projects.tenant_id, messageThreads.tenant_id), eq(messageThreads.subject_type, "project"), eq(projects.id, messageThreads.subject_id)),
    )
    .leftJoin(quotes, and(eq(quotes.tenant_id, messageThreads.tenant_id), eq(messageThreads.subject_type, "quote"), eq(quotes.id, messageThreads.subject_id)))
    .where(ofTenant(scope, messageThreads, inboxVisibleTo(viewer), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.thread.last_message_at, r.thread.id]));
}

/**
 * The viewer's most recently active `limit` threads with their unread counts, as one flat statement (for a
 * D1 batch, whose rows are keyed by column name): the dashboard's unread messages.
 */
export const recentThreadsRead = (scope: Scope, viewer: InboxViewer, limit: number) =>
  scope.db
    .select({
      id: messageThreads.id,
      last_message_at: messageThreads.last_message_at,
      project_number: sql<string | null>`${projects.number}`.as("project_number"),
      quote_number: sql<string | null>`${quotes.number}`.as("quote_number"),
      unread: unreadOf(scope, viewer.userId).as("unread"),
    })
    .from(messageThreads)
    .leftJoin(
      projects,
      and(eq(projects.tenant_id, messageThreads.tenant_id), eq(messageThreads.subject_type, "project"), eq(projects.id, messageThreads.subject_id)),
    )
    .leftJoin(quotes, and(eq(quotes.tenant_id, messageThreads.tenant_id), eq(messageThreads.subject_type, "quote"), eq(quotes.id, messageThreads.subject_id)))
    .where(ofTenant(scope, messageThreads, inboxVisibleTo(viewer)))
    .orderBy(desc(messageThreads.last_message_at), desc(messageThreads.id))
    .limit(limit);
