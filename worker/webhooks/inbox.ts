import type { Env } from "../env.ts";

/** The WebhookInbox of one tenant's source: `{tenantId}:{source name}`. */
export const inboxOf = (env: Pick<Env, "WEBHOOK_INBOX">, tenantId: string, source: string) => env.WEBHOOK_INBOX.getByName(`${tenantId}:${source}`);
