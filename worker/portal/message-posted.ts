import type { Env } from "../env.ts";
import { audit } from "../db/audit.ts";
import { recipientsOfQuote, staffRecipients } from "../db/notifications.ts";
import { findProject } from "../db/projects.ts";
import { findQuote } from "../db/quotes.ts";
import { SYSTEM } from "../db/viewer.ts";
import { notify } from "../notifications/notify.ts";
import type { MessageSide, ThreadSubject } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";

/** What happened when a message was posted: enough for a notification to say who wrote about what, and to link to it. */
export interface MessagePosted {
  tenantId: string;
  threadId: string;
  messageId: string;
  subject: { type: ThreadSubject; id: string; number: string };
  /** The person who wrote it; `via` says whether they signed in or sent their API key. */
  author: { id: string; name: string; side: MessageSide; via: "user" | "api_key" };
  /** The first characters of the body, for a subject line or a preview. */
  excerpt: string;
  attachmentCount: number;
  at: number;
  requestId: string;
}

/**
 * The one place that hears of every posted message, called once after the
 * message, its thread and its attachments are committed (never for a refused
 * one). Notifications (e-mail, in-app) hang here: enqueue, do not send inline.
 */
export async function onMessagePosted(env: Env, scope: Scope, event: MessagePosted): Promise<void> {
  await audit(scope, {
    actor_type: event.author.via,
    actor_id: event.author.id,
    action: "message.posted",
    target_type: event.subject.type,
    target_id: event.subject.id,
    data: { thread_id: event.threadId, message_id: event.messageId, attachments: event.attachmentCount },
    request_id: event.requestId,
  });
  const recipients = (await readersOf(scope, event)).filter((id) => id !== event.author.id);
  // Queued by notify(): the request does not wait for e-mail.
  await notify(env, scope, {
    type: "message.new",
    message_id: event.messageId,
    recipient_ids: [...new Set(recipients)],
    from_name: event.author.name,
    excerpt: event.excerpt,
    path: `/${event.subject.type === "quote" ? "quotes" : "projects"}/${event.subject.id}`,
  });
}

/** Everyone who may read the thread: the company's people who see its quote or project, and the shop's people when a customer wrote. */
async function readersOf(scope: Scope, event: MessagePosted): Promise<string[]> {
  const subject =
    event.subject.type === "quote"
      ? await findQuote(scope, event.subject.id, SYSTEM)
      : await findProject(scope, event.subject.id, { kind: "staff" }).then((p) => p && { owner_user_id: null, customer_id: p.customer_id, project_id: p.id });
  const company = subject ? await recipientsOfQuote(scope, subject) : [];
  const shop = event.author.side === "customer" ? await staffRecipients(scope) : [];
  return [...company, ...shop].map((r) => r.id);
}
