import type { Context } from "hono";
import { isStaff } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { TenantEnv } from "../api/context.ts";
import { notFound } from "../api/errors.ts";
import { findThread, threadIdOf, type InboxViewer, type MessageAttachment, type MessageThread } from "../db/messages.ts";
import { findProject } from "../db/projects.ts";
import { findQuote } from "../db/quotes.ts";
import type { ThreadSubject } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import { viewerOfRole } from "../db/viewer.ts";
import { findUser } from "../db/users.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { projectViewerOf } from "./projects.ts";

/** A thread's subject as the caller may see it: number and title for headings and the inbox. */
export interface Subject {
  type: ThreadSubject;
  id: string;
  number: string;
  title: string | null;
}

/**
 * The project or quote the caller may see: the thread of a subject is
 * readable by exactly whoever sees the subject. Undefined for another
 * tenant's, another company's or an unassigned project's, as for none.
 */
export async function findVisibleSubject(scope: Scope, p: Principal, type: ThreadSubject, id: string): Promise<Subject | undefined> {
  if (type === "project") {
    const viewer = projectViewerOf(p);
    const project = viewer && (await findProject(scope, id, viewer));
    return project ? { type, id: project.id, number: project.number, title: project.name } : undefined;
  }
  const quote = await findQuote(scope, id, viewerOfRole(p));
  return quote ? { type, id: quote.id, number: quote.number, title: quote.title } : undefined;
}

/** The subject the caller may see, or 404 exactly as for an unknown id. */
export async function visibleSubject(scope: Scope, p: Principal, type: ThreadSubject, id: string): Promise<Subject> {
  const subject = await findVisibleSubject(scope, p, type, id);
  if (!subject) throw notFound(type === "project" ? "Project" : "Quote");
  return subject;
}

/** The subject's thread (undefined until its first message) and the id it has or will have. */
export async function threadOf(scope: Scope, subject: Subject): Promise<{ id: string; thread: MessageThread | undefined }> {
  return { id: await threadIdOf(scope, subject.type, subject.id), thread: await findThread(scope, subject.type, subject.id) };
}

export const inboxViewerOf = (p: Principal): InboxViewer =>
  isStaff(p.role) ? { kind: "staff", userId: p.userId } : { kind: "customer", userId: p.userId, projects: projectViewerOf(p), quotes: viewerOfRole(p) };

/** Who wrote a message: the person's name (an API key writes as the user who made it) and their side. */
export async function authorOf(c: Context<TenantEnv>) {
  const p = principalOf(c);
  const name = p.kind === "user" ? p.name : ((await findUser(scopeOf(c), p.userId))?.name ?? "API client");
  return { id: p.userId, name, side: isStaff(p.role) ? ("shop" as const) : ("customer" as const), via: p.kind };
}

/**
 * Whether the caller may download an attachment: its uploader until a message
 * carries it, then whoever may read that message's thread.
 */
export async function mayReadAttachment(scope: Scope, p: Principal, attachment: MessageAttachment, thread: MessageThread | undefined): Promise<boolean> {
  if (!attachment.message_id) return attachment.uploaded_by === p.userId;
  return !!thread && !!(await findVisibleSubject(scope, p, thread.subject_type, thread.subject_id));
}
