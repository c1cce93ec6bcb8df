import type { Db } from "../db/client.ts";
import { quotesExpiringBefore } from "../db/notifications.ts";
import type { Env } from "../env.ts";
import { notify } from "./notify.ts";

/** How long before a quote's validity ends its people are reminded. */
export const EXPIRY_NOTICE_MS = 3 * 24 * 3600 * 1000;
const LIMIT = 200;

/**
 * The scheduled expiry check (every cron run): each sent quote whose validity
 * ends within EXPIRY_NOTICE_MS is announced once per revision; the event's key
 * keeps it to once, and the query skips quotes already announced.
 */
export async function announceExpiringQuotes(env: Env, db: Db, now = Date.now()) {
  const due = await quotesExpiringBefore(db, now, now + EXPIRY_NOTICE_MS, LIMIT);
  for (const q of due) await notify(env, { db, tenantId: q.tenant_id }, { type: "quote.expiring", quote_id: q.id, revision: q.revision });
  return due.length;
}
