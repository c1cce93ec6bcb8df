import type { BatchItem } from "drizzle-orm/batch";
import { scopeForTenant } from "../db/shards.ts";
import { findEvent, insertNotificationStatement, markEventFannedOut, notificationsOfEvent, preferencesOf } from "../db/notifications.ts";
import { findTenantOf } from "../db/tenants.ts";
import type { Env } from "../env.ts";
import { PermanentError } from "../queues/index.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { describe } from "./content.ts";
import { sendNotificationEmail } from "./email.ts";

/** Rows per D1 batch: each insert binds 13 values, well inside the limits. */
const BATCH = 50;

/**
 * `notification.fanout`: one in-app entry per recipient and channel they
 * want, then the e-mails still to send. Redelivery (at-least-once queues)
 * writes nothing new and sends nothing sent.
 */
export async function fanOutNotification(message: QueueMessage, env: Env) {
  if (message.kind !== "notification.fanout") throw new PermanentError(`notifications got ${message.kind}`);
  const scope = await scopeForTenant(env, message.tenant_id);
  if (!scope) throw new PermanentError(`tenant ${message.tenant_id} is gone`);
  const [tenant, event] = await Promise.all([findTenantOf(scope), findEvent(scope, message.event_id)]);
  if (!tenant || !event) throw new PermanentError(`notification event ${message.event_id} of tenant ${message.tenant_id} is gone`);
  // Recipients are found once: a redelivery after that only finishes the e-mails (someone who joined since is not told of
  // the past). A run interrupted before it was marked writes again, once per (event, recipient).
  const told = event.fanned_out_at === null ? await describe(scope, tenant, event) : null;
  if (told) {
    const prefs = await preferencesOf(
      scope,
      told.recipients.map((r) => r.id),
    );
    const invitation = event.type === "member.invited";
    const statements = told.recipients.flatMap((r) => {
      const pref = prefs.find((p) => p.user_id === r.id) ?? { email: true, in_app: true };
      const channels = invitation ? { email: true, in_app: false } : pref;
      if (!channels.email && !channels.in_app) return [];
      return [
        insertNotificationStatement(scope, {
          id: crypto.randomUUID(),
          user_id: r.id,
          event_id: event.id,
          type: event.type,
          title: told.title,
          body: told.body,
          path: told.path,
          in_app: channels.in_app,
          email_state: channels.email ? "pending" : "skipped",
          email_to: channels.email ? r.email : null,
        }),
      ];
    });
    for (let i = 0; i < statements.length; i += BATCH) {
      await scope.db.batch(statements.slice(i, i + BATCH) as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    }
  }
  if (event.fanned_out_at === null) await markEventFannedOut(scope, event.id, Date.now());
  for (const row of await notificationsOfEvent(scope, event.id)) {
    if (row.email_state === "pending") await sendNotificationEmail(env, scope, tenant, row, message.invitation_path);
  }
}
