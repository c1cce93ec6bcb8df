import { claimEmail, settleEmail, type Notification } from "../db/notifications.ts";
import type { Scope } from "../db/scope.ts";
import { DEFAULT_BRANDING, type Tenant } from "../db/tenants.ts";
import { isDevelopment, type Env } from "../env.ts";
import { OPTIONAL_TYPES, type OptionalType } from "./events.ts";
import { unsubscribeToken } from "./unsubscribe-token.ts";

/** The shop's own host: e-mails link back to it (its storefront and the person's account live there). */
export const shopOrigin = (env: Pick<Env, "APP_DOMAIN" | "ENVIRONMENT">, tenant: Pick<Tenant, "slug">) =>
  `${isDevelopment(env as Env) ? "http" : "https"}://${tenant.slug}.${env.APP_DOMAIN}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const isOptional = (type: string): type is OptionalType => (OPTIONAL_TYPES as readonly string[]).includes(type);

/** The shop's colour when it is a plain hex colour (the branding API allows no other), else the default. */
const brandColour = (tenant: Tenant) =>
  /^#[0-9a-f]{6}$/i.test(tenant.branding.primary_color) ? tenant.branding.primary_color : DEFAULT_BRANDING.primary_color;

/** The shop's logo (an absolute link: mail clients have no page to resolve it against), or its name in its colour. */
const brandHeader = (origin: string, tenant: Tenant) =>
  tenant.branding.logo_url
    ? `<p><img src="${escapeHtml(origin + tenant.branding.logo_url)}" alt="${escapeHtml(tenant.name)}" style="max-height:48px;max-width:240px"></p>`
    : `<p style="font-size:18px;font-weight:bold;color:${brandColour(tenant)}">${escapeHtml(tenant.name)}</p>`;

const buttonStyle = (tenant: Tenant) =>
  `display:inline-block;padding:10px 16px;border-radius:6px;background:${brandColour(tenant)};color:#fff;text-decoration:none;font-weight:bold`;

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
    brandHeader(origin, tenant),
    `<p>${escapeHtml(row.body)}</p>`,
    `<p><a href="${escapeHtml(link)}" style="${buttonStyle(tenant)}">${open}</a></p>`,
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
