import type { BatchItem } from "drizzle-orm/batch";
import { hashPassword } from "../auth/passwords.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import { audit } from "../db/audit.ts";
import { insertCustomerStatement } from "../db/customers.ts";
import { insertPasswordTokenStatement, passwordSetByToken } from "../db/password-tokens.ts";
import { derivedId } from "../db/derived-id.ts";
import { findPartnerRecord, linkCustomerStatement, upsertRevisionStatement } from "../db/partner-records.ts";
import { findUserByEmail, insertUserStatement } from "../db/users.ts";
import { InvalidPayload, keyOf, type Effect, type HandlerContext } from "./handler-context.ts";
import { outboxStatements } from "./outbox.ts";

/** How long an invitation's set-password token lives. */
const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const SET_PASSWORD_PATH = "/api/v1/auth/set-password";

/**
 * `customer.portal_access_requested` → a portal user for the e-mail in the
 * partner's customer company (found through the partner's customer id, else
 * created: an existing user's own company is never adopted), and
 * `customer.portal_access_granted` carrying a one-time set-password token for
 * the partner to deliver: we send no e-mail. A user whose invitation is still
 * pending gets a fresh token when asked again; one with a password gets none.
 */
export async function portalAccessRequested(ctx: HandlerContext<"customer.portal_access_requested">): Promise<Effect> {
  const { scope, data } = ctx;
  const customerKey = keyOf(ctx, "customer", data.customer_id);
  const link = await findPartnerRecord(scope, customerKey);
  const user = await findUserByEmail(scope, data.email);
  if (user && !user.customer_id) throw new InvalidPayload([{ field: "email", message: "belongs to a member of the shop's staff" }]);
  if (user && link?.customer_id && user.customer_id !== link.customer_id)
    throw new InvalidPayload([{ field: "email", message: "belongs to another customer company" }]);
  // Adopting the user's company would hand it to the partner for good (its later users, admins included, and their tokens).
  if (user && !link?.customer_id) throw new InvalidPayload([{ field: "email", message: "belongs to a customer company not linked to this partner customer" }]);

  const statements: BatchItem<"sqlite">[] = [];
  const companyId = link?.customer_id ?? (await derivedId(ctx.event.id, "customer"));
  if (!link?.customer_id) statements.push(insertCustomerStatement(scope, { id: companyId, name: data.customer_name ?? data.customer_id }));
  if (!link) statements.push(linkCustomerStatement(scope, customerKey, companyId, { customer_name: data.customer_name ?? null }));

  const userId = user?.id ?? (await derivedId(ctx.event.id, "user"));
  const role = user?.role ?? data.role ?? (link ? "customer_user" : "customer_admin");
  if (!user) {
    // Nobody knows this password: the user signs in once they set their own with the token.
    const password_hash = await hashPassword(randomToken());
    statements.push(
      insertUserStatement(scope, { id: userId, email: data.email, name: data.name ?? data.email.split("@")[0], password_hash, role, customer_id: companyId }),
    );
  }
  const invite = !user || (await passwordSetByToken(scope, user.id)) === false;
  const token = invite ? randomToken() : null;
  const expiresAt = Date.now() + INVITATION_TTL_MS;
  if (token) {
    statements.push(insertPasswordTokenStatement(scope, { token_hash: await sha256Hex(token), user_id: userId, expires_at: expiresAt }));
    statements.push(
      audit(scope, {
        actor_type: "system",
        actor_id: null,
        action: "user.invited",
        target_type: "user",
        target_id: userId,
        data: { source: ctx.event.source, event_id: ctx.event.external_id },
      }),
    );
  }
  const notice = outboxStatements(scope, "customer.portal_access_granted", {
    customer_id: data.customer_id,
    portal_customer_id: companyId,
    user_id: userId,
    email: data.email,
    role: role as "customer_admin" | "customer_user" | "customer_viewer",
    invitation: token
      ? { set_password_path: SET_PASSWORD_PATH, page_path: `/welcome#token=${encodeURIComponent(token)}`, token, expires_at: new Date(expiresAt).toISOString() }
      : null,
    login_path: "/login",
  });
  statements.push(
    upsertRevisionStatement(scope, keyOf(ctx, "portal_access", `${data.customer_id}:${data.email}`), "granted", { request: data, user_id: userId }),
  );
  return { statements: [...statements, ...notice.statements], outboxEventIds: [notice.eventId] };
}
