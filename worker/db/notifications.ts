import { atHome } from "./shards.ts";
import { and, count, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { CUSTOMER_ROLES, STAFF_ROLES } from "../auth/permissions.ts";
import type { Db } from "./client.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { showsStatus } from "./quote-status.ts";
import {
  notificationEvents,
  notificationPreferences,
  outboundEvents,
  notifications,
  projectMembers,
  quotes,
  users,
  type NotificationType,
} from "./schema/index.ts";

export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;

/** Writes the event once per key; answers its id when this call wrote it, null when the key was known. */
export async function insertEventOnce(scope: Scope, row: { id: string; key: string; type: NotificationType; subject: Record<string, unknown> }) {
  const [inserted] = await scope.db
    .insert(notificationEvents)
    .values({ ...row, subject: row.subject as NotificationEvent["subject"], tenant_id: scope.tenantId })
    .onConflictDoNothing()
    .returning({ id: notificationEvents.id });
  return inserted?.id ?? null;
}

export const findEvent = (scope: Scope, id: string) =>
  scope.db.query.notificationEvents.findFirst({ where: ofTenant(scope, notificationEvents, eq(notificationEvents.id, id)) });

export const markEventEnqueued = (scope: Scope, id: string, at: number) =>
  scope.db
    .update(notificationEvents)
    .set({ enqueued_at: at })
    .where(ofTenant(scope, notificationEvents, eq(notificationEvents.id, id)));

export const markEventFannedOut = (scope: Scope, id: string, at: number) =>
  scope.db
    .update(notificationEvents)
    .set({ fanned_out_at: at })
    .where(ofTenant(scope, notificationEvents, eq(notificationEvents.id, id)));

/** Events of every tenant whose fan-out never reached the queue (the sweep). */
export const strandedEvents = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: notificationEvents.id, tenant_id: notificationEvents.tenant_id })
    .from(notificationEvents)
    .where(and(isNull(notificationEvents.enqueued_at), lt(notificationEvents.created_at, olderThan), atHome(notificationEvents)))
    .limit(limit);

/** Committed outbound events by id (those an outbox batch did write), for the notifications they imply. */
export const outboundEventsByIds = (scope: Scope, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : scope.db
        .select({ type: outboundEvents.type, payload: outboundEvents.payload })
        .from(outboundEvents)
        .where(ofTenant(scope, outboundEvents, inArray(outboundEvents.id, ids)));

/** Sent quotes of every tenant whose validity ends before `until` and that have not been announced as expiring (the expiry check). */
export const quotesExpiringBefore = (db: Db, now: number, until: number, limit: number) =>
  db
    .select({ id: quotes.id, tenant_id: quotes.tenant_id, revision: quotes.revision })
    .from(quotes)
    .where(
      and(
        showsStatus("sent", now),
        lte(quotes.valid_until, until),
        sql`NOT EXISTS (SELECT 1 FROM ${notificationEvents} n WHERE n.tenant_id = ${quotes.tenant_id} AND n.key = 'quote.expiring:' || ${quotes.id} || ':' || ${quotes.revision})`,
        atHome(quotes),
      ),
    )
    .limit(limit);

/**
 * Who hears about a quote (and its order, production and shipments): the
 * customer people who can see it — its owner, and its company's people
 * (users and viewers of a quote in a project only when the project is
 * assigned to them, as visibleTo decides for reading it).
 */
export function recipientsOfQuote(scope: Scope, quote: Pick<typeof quotes.$inferSelect, "owner_user_id" | "customer_id" | "project_id">) {
  const own = quote.owner_user_id ? eq(users.id, quote.owner_user_id) : undefined;
  const company = quote.customer_id
    ? and(
        eq(users.customer_id, quote.customer_id),
        quote.project_id
          ? or(
              eq(users.role, "customer_admin"),
              sql`EXISTS (SELECT 1 FROM ${projectMembers} WHERE ${projectMembers.tenant_id} = ${scope.tenantId} AND ${projectMembers.project_id} = ${quote.project_id} AND ${projectMembers.user_id} = ${users.id})`,
            )
          : undefined,
      )
    : undefined;
  if (!own && !company) return Promise.resolve([]);
  return usersWhere(scope, and(inArray(users.role, [...CUSTOMER_ROLES]), or(own, company)));
}

/** A company's admins: who approves the orders its people place (decision 53). */
export const companyAdmins = (scope: Scope, customerId: string) => usersWhere(scope, and(eq(users.customer_id, customerId), eq(users.role, "customer_admin")));

/** The shop's own people (owner, admins, staff): who answers a customer's message. */
export const staffRecipients = (scope: Scope) => usersWhere(scope, inArray(users.role, [...STAFF_ROLES]));

export const recipientsById = (scope: Scope, ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : usersWhere(scope, inArray(users.id, ids)));

const usersWhere = (scope: Scope, where: ReturnType<typeof and>) =>
  scope.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(ofTenant(scope, users, where));

export type Recipient = Awaited<ReturnType<typeof recipientsById>>[number];

export const preferencesOf = (scope: Scope, userIds: string[]) =>
  userIds.length === 0
    ? Promise.resolve([])
    : scope.db
        .select()
        .from(notificationPreferences)
        .where(ofTenant(scope, notificationPreferences, inArray(notificationPreferences.user_id, userIds)));

export const setPreferenceStatement = (scope: Scope, userId: string, type: NotificationType, channels: { email: boolean; in_app: boolean }, at: number) =>
  scope.db
    .insert(notificationPreferences)
    .values({ tenant_id: scope.tenantId, user_id: userId, type, ...channels, updated_at: at })
    .onConflictDoUpdate({
      target: [notificationPreferences.tenant_id, notificationPreferences.user_id, notificationPreferences.type],
      set: { ...channels, updated_at: at },
    });

/** One row per (event, recipient); a redelivered fan-out inserts nothing. */
export const insertNotificationStatement = (scope: Scope, row: Omit<typeof notifications.$inferInsert, "tenant_id">) =>
  scope.db
    .insert(notifications)
    .values({ ...row, tenant_id: scope.tenantId })
    .onConflictDoNothing();

export const notificationsOfEvent = (scope: Scope, eventId: string) =>
  scope.db
    .select()
    .from(notifications)
    .where(ofTenant(scope, notifications, eq(notifications.event_id, eventId)));

/** Takes the e-mail of a notification for sending; true for the one caller that got it. */
export async function claimEmail(scope: Scope, id: string) {
  const claimed = await scope.db
    .update(notifications)
    .set({ email_state: "sending" })
    .where(ofTenant(scope, notifications, eq(notifications.id, id), eq(notifications.email_state, "pending")))
    .returning({ id: notifications.id });
  return claimed.length === 1;
}

export const settleEmail = (
  scope: Scope,
  id: string,
  set: Pick<Notification, "email_state"> & Partial<Pick<Notification, "email_message_id" | "emailed_at">>,
) =>
  scope.db
    .update(notifications)
    .set(set)
    .where(ofTenant(scope, notifications, eq(notifications.id, id), eq(notifications.email_state, "sending")));

/** A person's in-app notifications, newest first (or only the unread ones). */
export function listNotifications(scope: Scope, userId: string, page: PageRequest, unreadOnly: boolean) {
  const { after, orderBy } = keyset(notifications.created_at, notifications.id, page);
  return scope.db
    .select()
    .from(notifications)
    .where(
      ofTenant(
        scope,
        notifications,
        eq(notifications.user_id, userId),
        eq(notifications.in_app, true),
        unreadOnly ? isNull(notifications.read_at) : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

const unreadOf = (scope: Scope, userId: string) =>
  ofTenant(scope, notifications, eq(notifications.user_id, userId), eq(notifications.in_app, true), isNull(notifications.read_at));

export const unreadCount = (scope: Scope, userId: string) =>
  scope.db
    .select({ n: count() })
    .from(notifications)
    .where(unreadOf(scope, userId))
    .then(([row]) => row?.n ?? 0);

/** The person's newest `limit` unread in-app notifications, each row with how many there are: a statement for the dashboard's batch. */
export const unreadNotificationsRead = (scope: Scope, userId: string, limit: number) =>
  scope.db
    .select({
      id: notifications.id,
      type: notifications.type,
      title: notifications.title,
      path: notifications.path,
      created_at: notifications.created_at,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(notifications)
    .where(unreadOf(scope, userId))
    .orderBy(desc(notifications.created_at), desc(notifications.id))
    .limit(limit);

/** Marks one of the person's notifications read (once); answers the row, undefined when it is not theirs. */
export async function markRead(scope: Scope, userId: string, id: string, at: number) {
  await scope.db
    .update(notifications)
    .set({ read_at: at })
    .where(ofTenant(scope, notifications, eq(notifications.id, id), eq(notifications.user_id, userId), isNull(notifications.read_at)));
  return scope.db.query.notifications.findFirst({
    where: ofTenant(scope, notifications, eq(notifications.id, id), eq(notifications.user_id, userId), eq(notifications.in_app, true)),
  });
}
