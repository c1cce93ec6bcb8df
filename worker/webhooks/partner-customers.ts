import type { BatchItem } from "drizzle-orm/batch";
import { insertCustomerStatement } from "../db/customers.ts";
import { passwordSetByToken } from "../db/password-tokens.ts";
import { derivedId } from "../db/derived-id.ts";
import {
  findPartnerRecord,
  findPartnerRecordWithQuote,
  insertPartnerRecordStatement,
  linkCustomerStatement,
  upsertRevisionStatement,
} from "../db/partner-records.ts";
import { insertProjectStatements, setQuotesProjectStatement } from "../db/projects.ts";
import { findQuoteByRef } from "../db/quotes.ts";
import { findUserByEmail } from "../db/users.ts";
import { invitationStatements, newMemberStatement, SET_PASSWORD_PATH, unknownPasswordHash } from "../auth/invitations.ts";
import { InvalidPayload, keyOf, NotYetKnown, type Effect, type HandlerContext } from "./handler-context.ts";
import { outboxStatements } from "./outbox.ts";

/**
 * The portal company linked to the partner's customer id: the linked one, or
 * a new one (with its link) whose statements go in the caller's batch.
 */
export async function partnerCompany(ctx: HandlerContext<"customer.portal_access_requested" | "customer.project_created">, customerId: string, name?: string) {
  const key = keyOf(ctx, "customer", customerId);
  const link = await findPartnerRecord(ctx.scope, key);
  const statements: BatchItem<"sqlite">[] = [];
  const companyId = link?.customer_id ?? (await derivedId(ctx.event.id, "customer"));
  if (!link?.customer_id) statements.push(insertCustomerStatement(ctx.scope, { id: companyId, name: name ?? customerId }));
  if (!link) statements.push(linkCustomerStatement(ctx.scope, key, companyId, { customer_name: name ?? null }));
  return { companyId, linked: link?.customer_id ?? null, known: !!link, statements };
}

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
  const company = await partnerCompany(ctx, data.customer_id, data.customer_name);
  const user = await findUserByEmail(scope, data.email);
  if (user && !user.customer_id) throw new InvalidPayload([{ field: "email", message: "belongs to a member of the shop's staff" }]);
  if (user && company.linked && user.customer_id !== company.linked)
    throw new InvalidPayload([{ field: "email", message: "belongs to another customer company" }]);
  // Adopting the user's company would hand it to the partner for good (its later users, admins included, and their tokens).
  if (user && !company.linked) throw new InvalidPayload([{ field: "email", message: "belongs to a customer company not linked to this partner customer" }]);

  const { companyId } = company;
  const statements = [...company.statements];
  const userId = user?.id ?? (await derivedId(ctx.event.id, "user"));
  const role = user?.role ?? data.role ?? (company.known ? "customer_user" : "customer_admin");
  if (!user) {
    const password_hash = await unknownPasswordHash();
    statements.push(newMemberStatement(scope, { id: userId, email: data.email, name: data.name, role, customer_id: companyId, password_hash }));
  }
  const invite = !user || (await passwordSetByToken(scope, user.id)) === false;
  const invited = invite
    ? await invitationStatements(scope, userId, { actor_type: "system", actor_id: null, data: { source: ctx.event.source, event_id: ctx.event.external_id } })
    : null;
  if (invited) statements.push(...invited.statements);
  const notice = outboxStatements(scope, "customer.portal_access_granted", {
    customer_id: data.customer_id,
    portal_customer_id: companyId,
    user_id: userId,
    email: data.email,
    role: role as "customer_admin" | "customer_user" | "customer_viewer",
    invitation: invited
      ? {
          set_password_path: SET_PASSWORD_PATH,
          page_path: invited.invitation.page_path,
          token: invited.invitation.token,
          expires_at: new Date(invited.invitation.expires_at).toISOString(),
        }
      : null,
    login_path: "/login",
  });
  statements.push(
    upsertRevisionStatement(scope, keyOf(ctx, "portal_access", `${data.customer_id}:${data.email}`), "granted", { request: data, user_id: userId }),
  );
  return { statements: [...statements, ...notice.statements], outboxEventIds: [notice.eventId] };
}

/**
 * `customer.project_created` → a project of the partner's customer company
 * (created and linked when new), opened through the same statements as
 * POST /projects, its reference the partner's project id. Its id derives from
 * the partner's project id, so the same project sent again (even under a new
 * event id) opens nothing and moves no number. Quotes it names (ours, or the
 * partner's through quote.requested) join it when they are that company's.
 */
export async function projectCreated(ctx: HandlerContext<"customer.project_created">): Promise<Effect> {
  const { scope, data } = ctx;
  const company = await partnerCompany(ctx, data.customer_id);
  const projectId = await derivedId(`${ctx.event.source}:${data.project_id}`, "project");
  const statements = [
    ...company.statements,
    ...insertProjectStatements(
      scope,
      { id: projectId, customer_id: company.companyId, name: data.project_name, reference: data.project_id, created_by: null, member_ids: [] },
      Date.now(),
      true,
    ),
    insertPartnerRecordStatement(scope, keyOf(ctx, "project", data.project_id), "created", { project: data, project_id: projectId }),
  ];
  const quoteIds: string[] = [];
  for (const ref of data.quote_ids ?? []) {
    const quote = (await findPartnerRecordWithQuote(scope, keyOf(ctx, "quote", ref)))?.quote ?? (await findQuoteByRef(scope, ref));
    if (!quote) throw new NotYetKnown(`quote ${ref} from ${ctx.event.source} is not known yet`);
    if (quote.customer_id !== company.companyId) throw new InvalidPayload([{ field: "quote_ids", message: `${ref} belongs to another customer company` }]);
    quoteIds.push(quote.id);
  }
  if (quoteIds.length > 0) statements.push(setQuotesProjectStatement(scope, quoteIds, projectId));
  return { statements, outboxEventIds: [] };
}
