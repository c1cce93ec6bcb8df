import { claimEmail, settleEmail, type Notification } from "../db/notifications.ts";
import type { Scope } from "../db/scope.ts";
import type { Tenant } from "../db/tenants.ts";
import { isDevelopment, type Env } from "../env.ts";
import { OPTIONAL_TYPES, type OptionalType } from "./events.ts";
import { unsubscribeToken } from "./unsubscribe-token.ts";

/** The shop's own host: e-mails link back to it (its storefront and the person's account live there). */
export const shopOrigin = (env: Pick<Env, "APP_DOMAIN" | "ENVIRONMENT">, tenant: Pick<Tenant, "slug">) =>
  `${isDevelopment(env as Env) ? "http" : "https"}://${tenant.slug}.${env.APP_DOMAIN}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const isOptional = (type: string): type is OptionalType => (OPTIONAL_TYPES as readonly string[]).includes(type);

/** The e-mail of one notification: its words, a link to the page it is about, and (for all but an invitation) the unsubscribe link. */
export async function composeEmail(env: Env, tenant: Tenant, row: Notification, link: string) {
  const origin = shopOrigin(env, tenant);
  const token = isOptional(row.type) ? await unsubscribeToken(env, { tenantId: tenant.id, userId: row.user_id, type: row.type }) : null;
  const unsubscribePage = token && `${origin}/unsubscribe?token=${encodeURIComponent(token)}`;
  const oneClick = token && `${origin}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
  const open = row.type === "member.invited" ? "Set your password" : "Open it";
  const text = [
    row.body,
    "",
    `${open}: ${link}`,
    ...(unsubscribePage ? ["", `You get this e-mail because of your notification settings at ${tenant.name}. Stop these e-mails: ${unsubscribePage}`] : []),
  ].join("\n");
  const html = [
    `<p>${escapeHtml(row.body)}</p>`,
    `<p><a href="${escapeHtml(link)}">${open}</a></p>`,
    ...(unsubscribePage
      ? [
          `<p style="color:#666;font-size:12px">You get this e-mail because of your notification settings at ${escapeHtml(tenant.name)}. <a href="${escapeHtml(unsubscribePage)}">Unsubscribe</a></p>`,
        ]
      : []),
  ].join("\n");
  return {
    from: { email: env.MAIL_FROM, name: tenant.name },
    to: row.email_to!,
    subject: row.title,
    text,
    html,
    // RFC 8058 one-click unsubscribe: mail clients POST to it without the person signing in.
    ...(oneClick ? { headers: { "List-Unsubscribe": `<${oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } } : {}),
  } satisfies EmailMessageBuilder;
}

/**
 * Sends a notification's e-mail at most once: it is claimed (pending →
 * sending) first, so a redelivered message or a second consumer finds it
 * taken. A failure of the mail service puts it back to pending and throws,
 * for the queue to retry; a crash between the send and its record leaves it
 * `sending`, never sent twice.
 */
export async function sendNotificationEmail(env: Env, scope: Scope, tenant: Tenant, row: Notification, invitationPath?: string) {
  if (!(await claimEmail(scope, row.id))) return;
  const origin = shopOrigin(env, tenant);
  if (row.type === "member.invited" && !invitationPath) {
    // Re-queued by the sweep: the one-time link was never stored; the company admin invites again.
    await settleEmail(scope, row.id, { email_state: "failed" });
    return;
  }
  const link = `${origin}${row.type === "member.invited" ? invitationPath : row.path}`;
  try {
    const sent = await env.EMAIL.send(await composeEmail(env, tenant, row, link));
    await settleEmail(scope, row.id, { email_state: "sent", email_message_id: sent.messageId, emailed_at: Date.now() });
  } catch (error) {
    await settleEmail(scope, row.id, { email_state: "pending" });
    throw error;
  }
}
