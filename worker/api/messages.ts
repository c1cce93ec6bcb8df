import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { errorResponses, jsonResponse, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { stripBidiControls } from "./file-name.ts";
import { Id, IdParam, ListQuery, iso } from "./schemas.ts";
import {
  attachmentsOfMessages,
  findAttachment,
  freeAttachments,
  listMessages,
  listThreads,
  markReadStatement,
  postMessageStatements,
  threadOfMessage,
  unreadInThread,
  insertAttachment,
  type Message,
  type MessageAttachment,
} from "../db/messages.ts";
import { emptyPage } from "../db/paging.ts";
import { MESSAGE_SIDES, THREAD_SUBJECTS, type ThreadSubject } from "../db/schema/index.ts";
import { principalOf } from "../middleware/auth.ts";
import { unprocessableHook } from "../middleware/errors.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { onMessagePosted } from "../portal/message-posted.ts";
import { authorOf, inboxViewerOf, mayReadAttachment, threadOf, visibleSubject } from "../portal/messages.ts";
import { hex } from "../storage/streams.ts";
import { messageAttachmentKey } from "../storage/keys.ts";
import { sniffAttachment } from "../storage/image-type.ts";
import { MESSAGE_ATTACHMENT_LIMIT, MESSAGE_ATTACHMENTS_MAX, MESSAGE_BODY_MAX } from "../../shared/messages.ts";

const ATTACHMENT_TYPES = ["image/png", "image/jpeg", "image/webp", "application/pdf"] as const;

const AttachmentView = z
  .object({
    id: z.string(),
    filename: z.string(),
    content_type: z.enum(ATTACHMENT_TYPES).openapi({ description: "As the file's bytes say, whatever the upload declared" }),
    size_bytes: z.number().int(),
    url: z.string().openapi({ description: "Where the API serves it to whoever may read the thread (signed-in, checked on every download)" }),
    created_at: z.string(),
  })
  .openapi("MessageAttachment");

const MessageView = z
  .object({
    id: z.string(),
    thread_id: z.string(),
    author: z.object({
      id: z.string().nullable().openapi({ description: "Null once the author's account is removed" }),
      name: z.string(),
      side: z.enum(MESSAGE_SIDES).openapi({ description: "shop: the shop's staff; customer: the customer's company" }),
    }),
    body: z.string(),
    attachments: z.array(AttachmentView),
    created_at: z.string(),
  })
  .openapi("Message");

const SubjectView = z.object({ type: z.enum(THREAD_SUBJECTS), id: z.string(), number: z.string(), title: z.string().nullable() });

const ThreadView = z
  .object({
    id: z.string(),
    subject: SubjectView,
    last_message_at: z.string(),
    last_message: z.object({ author_name: z.string(), author_side: z.enum(MESSAGE_SIDES), excerpt: z.string() }).nullable(),
    unread: z.number().int().openapi({ description: "Messages of others the caller has not read" }),
  })
  .openapi("MessageThread");

const ReadView = z.object({ thread_id: z.string(), unread: z.number().int() }).openapi("MessageThreadRead");

const PostMessage = z
  .strictObject({
    body: z.string().trim().min(1, "is required").max(MESSAGE_BODY_MAX, `must be at most ${MESSAGE_BODY_MAX} characters`),
    attachment_ids: z
      .array(Id)
      .max(MESSAGE_ATTACHMENTS_MAX, `at most ${MESSAGE_ATTACHMENTS_MAX} files per message`)
      .optional()
      .openapi({ description: "Files uploaded first with POST /message-attachments, by their ids" }),
  })
  .openapi("PostMessage");

const FileName = z.string().max(200).optional().openapi({ description: "The file's name, shown with the message and used for the download" });

const binary = z.any().openapi({ type: "string", format: "binary" });
const sizeMb = MESSAGE_ATTACHMENT_LIMIT / 1048576;

/** The three routes of one subject's thread (a project's or a quote's). */
function threadRoutes(subject: ThreadSubject, tag: string) {
  return {
    list: defineRoute({
      permission: "messages:read",
      method: "get",
      path: "/{id}/messages",
      tags: [tag],
      summary: `The ${subject}'s messages between the customer's company and the shop, newest first; reading the first page marks the thread read`,
      request: { params: IdParam, query: ListQuery },
      responses: {
        200: { description: "Messages", content: { "application/json": { schema: listEnvelope(MessageView) } } },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    post: defineRoute({
      permission: "messages:write",
      method: "post",
      path: "/{id}/messages",
      tags: [tag],
      summary: `Write in the ${subject}'s thread, with files uploaded first (images and PDFs); a company's viewers read only`,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PostMessage } } } },
      responses: { 201: jsonResponse("Posted", MessageView), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
    }),
    read: defineRoute({
      permission: "messages:read",
      method: "post",
      path: "/{id}/messages/read",
      tags: [tag],
      summary: `Mark the ${subject}'s thread read for the caller`,
      request: { params: IdParam },
      responses: { 200: jsonResponse("Marked read", ReadView), ...errorResponses(401, 403, 404) },
    }),
  };
}

const presentAttachment = (a: MessageAttachment) => ({
  id: a.id,
  filename: a.filename,
  content_type: a.content_type as (typeof ATTACHMENT_TYPES)[number],
  size_bytes: a.size_bytes,
  url: `/api/v1/message-attachments/${a.id}`,
  created_at: new Date(a.created_at).toISOString(),
});

const presentMessage = (m: Message, attachments: MessageAttachment[]) => ({
  id: m.id,
  thread_id: m.thread_id,
  author: { id: m.author_id, name: m.author_name, side: m.author_side },
  body: m.body,
  attachments: attachments.map(presentAttachment),
  created_at: new Date(m.created_at).toISOString(),
});

/** The router of one subject's thread, mounted under /projects or /quotes. */
function threadRouter(subject: ThreadSubject, tag: string) {
  const routes = threadRoutes(subject, tag);
  const subjectOf = (c: Context<TenantEnv>, id: string) => visibleSubject(scopeOf(c), principalOf(c), subject, id);
  return createRouter()
    .openapi(routes.list, async (c) => {
      const scope = scopeOf(c);
      const query = c.req.valid("query");
      const { thread } = await threadOf(scope, await subjectOf(c, c.req.valid("param").id));
      if (!thread) return okList(c, [], emptyPage(query.limit).pagination);
      const page = await listMessages(scope, thread.id, query);
      const attachments = await attachmentsOfMessages(
        scope,
        page.data.map((m) => m.id),
      );
      // The newest messages are on the first page: fetching it is reading the thread.
      if (query.cursor === undefined) await markReadStatement(scope, thread.id, principalOf(c).userId, Date.now());
      return okList(
        c,
        page.data.map((m) => presentMessage(m, attachments.get(m.id) ?? [])),
        page.pagination,
      );
    })
    .openapi(
      routes.post,
      async (c) => {
        const scope = scopeOf(c);
        const target = await subjectOf(c, c.req.valid("param").id);
        const { body, attachment_ids } = c.req.valid("json");
        const author = await authorOf(c);
        const wanted = [...new Set(attachment_ids ?? [])];
        const files = wanted.length ? await freeAttachments(scope, wanted, author.id) : [];
        const strangers = wanted.filter((id) => !files.some((f) => f.id === id));
        if (strangers.length)
          throw unprocessable("attachment_ids", "Attach files you uploaded yourself and have not sent with another message; upload them again", strangers);
        const { id: threadId } = await threadOf(scope, target);
        const messageId = crypto.randomUUID();
        const now = Date.now();
        await scope.db.batch(
          postMessageStatements(
            scope,
            {
              id: messageId,
              threadId,
              subjectType: subject,
              subjectId: target.id,
              authorId: author.id,
              authorName: author.name,
              authorSide: author.side,
              body,
              attachmentIds: wanted,
            },
            now,
          ) as unknown as Parameters<typeof scope.db.batch>[0],
        );
        await onMessagePosted(c.env, scope, {
          tenantId: scope.tenantId,
          threadId,
          messageId,
          subject: { type: subject, id: target.id, number: target.number },
          author,
          excerpt: body.slice(0, 140),
          attachmentCount: files.length,
          at: now,
          requestId: c.get("requestId"),
        });
        const attached = (await attachmentsOfMessages(scope, [messageId])).get(messageId) ?? [];
        return ok(
          c,
          presentMessage(
            {
              id: messageId,
              tenant_id: scope.tenantId,
              thread_id: threadId,
              author_id: author.id,
              author_name: author.name,
              author_side: author.side,
              body,
              created_at: now,
            },
            attached,
          ),
          201,
        );
      },
      unprocessableHook,
    )
    .openapi(routes.read, async (c) => {
      const scope = scopeOf(c);
      const { id: threadId, thread } = await threadOf(scope, await subjectOf(c, c.req.valid("param").id));
      const userId = principalOf(c).userId;
      if (thread) await markReadStatement(scope, thread.id, userId, Date.now());
      return ok(c, { thread_id: threadId, unread: thread ? await unreadInThread(scope, thread.id, userId) : 0 });
    });
}

export const projectMessagesRouter = threadRouter("project", "Projects");
export const quoteMessagesRouter = threadRouter("quote", "Quotes");

const inbox = defineRoute({
  permission: "messages:read",
  method: "get",
  path: "/threads",
  tags: ["Messages"],
  summary:
    "Message threads, the most recently active first, with the caller's unread count each: the shop's staff every thread of the shop, a customer those of the projects and quotes they see",
  request: { query: ListQuery },
  responses: { 200: { description: "Threads", content: { "application/json": { schema: listEnvelope(ThreadView) } } }, ...errorResponses(400, 401, 403) },
});

export const messagesRouter = createRouter().openapi(inbox, async (c) => {
  const { data, pagination } = await listThreads(scopeOf(c), inboxViewerOf(principalOf(c)), c.req.valid("query"));
  return okList(
    c,
    data.map((r) => {
      const last = r.last === null ? null : (JSON.parse(r.last) as { author_name: string; author_side: (typeof MESSAGE_SIDES)[number]; body: string });
      // The query keeps only threads with their subject's row: one of the two joins matched.
      const subject = r.project ?? { ...r.quote!, name: r.quote!.title };
      return {
        id: r.thread.id,
        subject: { type: r.thread.subject_type, id: subject.id, number: subject.number, title: subject.name },
        last_message_at: iso(r.thread.last_message_at)!,
        last_message: last && { author_name: last.author_name, author_side: last.author_side, excerpt: last.body },
        unread: r.unread,
      };
    }),
    pagination,
  );
});

const attachmentRoutes = {
  upload: defineRoute({
    permission: "messages:write",
    method: "post",
    path: "/",
    // Read whole (sniffed and hashed, then stored), so counted as it streams in and refused past its cap.
    body: { bytes: MESSAGE_ATTACHMENT_LIMIT, what: "The file" },
    tags: ["Messages"],
    summary: `Upload a file to send with a message (raw body: PNG, JPEG, WebP or PDF, at most ${sizeMb} MB); the type is read from the bytes. Attach it by id within a message`,
    request: {
      query: z.object({ filename: FileName }),
      body: { required: true, content: Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, { schema: binary }])) },
    },
    responses: { 201: jsonResponse("Stored", AttachmentView), ...errorResponses(400, 401, 403, 413, 415) },
  }),
  download: defineRoute({
    permission: "messages:read",
    method: "get",
    path: "/{id}",
    tags: ["Messages"],
    summary: "A message's file, to whoever may read its thread (before it is sent, only to its uploader)",
    request: { params: IdParam },
    responses: {
      200: { description: "The file", content: Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, { schema: binary }])) },
      ...errorResponses(401, 403, 404),
    },
  }),
};

/** What an upload may declare: one of the accepted types (checked against its bytes) or bytes of no stated type. */
const DECLARABLE = /^(image\/[a-z0-9.+-]+|application\/pdf|application\/octet-stream)$/;
const refused = (field: string, message: string, value?: string) =>
  new ApiError("UNSUPPORTED_MEDIA_TYPE", message, [{ field, message: "must be a PNG, JPEG or WebP image or a PDF", value }]);

/** A shown file name: no path, no control or direction characters, something when nothing is left. */
const cleanName = (name: string | undefined, type: string) =>
  stripBidiControls(name ?? "")
    .replace(/[\p{Cc}]/gu, "")
    .replace(/^.*[\\/]/, "")
    .trim() || (type === "application/pdf" ? "attachment.pdf" : `image.${type.slice(6)}`);

export const messageAttachmentsRouter = createRouter()
  .openapi(attachmentRoutes.upload, async (c) => {
    const scope = scopeOf(c);
    const declared = c.req.header("content-type")?.split(";")[0].trim().toLowerCase();
    if (declared && !DECLARABLE.test(declared)) throw refused("Content-Type", `Send the file's raw bytes as an image or a PDF, not ${declared}`, declared);
    // Bounded: the route's body limit has already refused a body over MESSAGE_ATTACHMENT_LIMIT as it streamed in.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new ApiError("INVALID_REQUEST", "The file is empty (0 bytes)", [{ field: "body", message: "is empty" }]);
    const type = sniffAttachment(bytes);
    if (!type) throw refused("body", "Only images (PNG, JPEG, WebP) and PDF documents can be attached; this file is neither");
    const id = crypto.randomUUID();
    const key = messageAttachmentKey(scope.tenantId, id);
    const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
    await c.env.FILES.put(key, bytes, { httpMetadata: { contentType: type }, sha256 });
    try {
      const attachment = await insertAttachment(scope, {
        id,
        uploaded_by: principalOf(c).userId,
        filename: cleanName(c.req.valid("query").filename, type).slice(0, 200),
        content_type: type,
        size_bytes: bytes.length,
        sha256,
        r2_key: key,
      });
      return ok(c, presentAttachment(attachment), 201);
    } catch (e) {
      await c.env.FILES.delete(key); // no object without its row
      throw e;
    }
  })
  .openapi(attachmentRoutes.download, async (c) => {
    const scope = scopeOf(c);
    const attachment = await findAttachment(scope, c.req.valid("param").id);
    const thread = attachment?.message_id ? await threadOfMessage(scope, attachment.message_id) : undefined;
    // Checked on every download: whoever cannot read the thread (another company, an unassigned member) gets 404.
    const object = attachment && (await mayReadAttachment(scope, principalOf(c), attachment, thread)) && (await c.env.FILES.get(attachment.r2_key));
    if (!attachment || !object) throw notFound("Attachment");
    const disposition = attachment.content_type === "application/pdf" ? "attachment" : "inline";
    return c.body(object.body as unknown as ReadableStream, 200, {
      "content-type": attachment.content_type,
      "content-length": String(object.size),
      "content-disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=86400",
    });
  });
