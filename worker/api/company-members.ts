import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Email, Id, IdParam, Name, iso } from "./schemas.ts";
import { CUSTOMER_ROLES, isStaff } from "../auth/permissions.ts";
import { audit } from "../db/audit.ts";
import { adminCount, findMember, membersOf, removeMemberStatements, setMemberRoleStatement, type Member } from "../db/members.ts";
import { passwordSetByToken } from "../db/password-tokens.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { findUserByEmail } from "../db/users.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { notify } from "../notifications/notify.ts";
import { invitationStatements, newMemberStatement, unknownPasswordHash } from "../auth/invitations.ts";
import { companyFor } from "../portal/projects.ts";

const CustomerRole = z.enum(CUSTOMER_ROLES).openapi({
  description: "customer_admin: everything of the company; customer_user: assigned projects, quotes; customer_viewer: assigned projects, read only",
});

const MemberView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: CustomerRole,
    status: z.enum(["invited", "active"]).openapi({ description: "invited until they set a password with their link" }),
    created_at: z.string().nullable(),
  })
  .openapi("CompanyMember");

const Invited = z
  .object({
    member: MemberView,
    invitation: z.object({
      page_path: z
        .string()
        .openapi({ description: "The one-time link (path on the shop's host) to send the colleague; shown once", example: "/welcome#token=…" }),
      expires_at: z.string(),
    }),
  })
  .openapi("MemberInvited");

const Invite = z
  .strictObject({
    email: Email,
    role: CustomerRole,
    name: Name.optional(),
    customer_id: Id.optional().openapi({ description: "The company (the shop's staff must say; a customer admin invites to their own)" }),
  })
  .openapi("InviteMember");

const CompanyQuery = z.object({ customer_id: Id.optional().openapi({ description: "The company (the shop's staff must say)" }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

const routes = {
  list: defineRoute({
    permission: "members:manage",
    method: "get",
    path: "/",
    tags: ["Company members"],
    summary: "The members of the caller's company (staff: of the company named), oldest first, invited or active",
    request: { query: CompanyQuery },
    responses: {
      200: { description: "Members", content: { "application/json": { schema: envelope(z.array(MemberView)) } } },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  }),
  invite: defineRoute({
    permission: "members:manage",
    method: "post",
    path: "/",
    tags: ["Company members"],
    summary: "Invite a colleague by e-mail with a role: answers the one-time link (valid 7 days) to send them; an invited member asked again gets a fresh link",
    request: { body: json(Invite) },
    responses: {
      201: { description: "Invited", content: { "application/json": { schema: envelope(Invited) } } },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  patch: defineRoute({
    permission: "members:manage",
    method: "patch",
    path: "/{id}",
    tags: ["Company members"],
    summary: "Change a member's role",
    request: { params: IdParam, body: json(z.strictObject({ role: CustomerRole }).openapi("PatchMember")) },
    responses: {
      200: { description: "Updated", content: { "application/json": { schema: envelope(MemberView) } } },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  remove: defineRoute({
    permission: "members:manage",
    method: "delete",
    path: "/{id}",
    tags: ["Company members"],
    summary: "Remove a member: their sessions and API keys end at once, with their project assignments and unused invitations",
    request: { params: IdParam },
    responses: {
      200: { description: "Removed", content: { "application/json": { schema: envelope(z.object({ removed: z.literal(true) })) } } },
      ...errorResponses(401, 403, 404, 409),
    },
  }),
};

const present = (m: Member) => ({ ...m, role: m.role as (typeof CUSTOMER_ROLES)[number], created_at: iso(m.created_at) });

/** The member the caller may manage: a company admin their company's, staff any company's; anyone else (staff accounts included) 404. */
async function managedMember(c: Context<TenantEnv>, id: string) {
  const p = principalOf(c);
  const member = await findMember(scopeOf(c), id, isStaff(p.role) ? undefined : (p.customerId ?? "\u0000none"));
  if (!member) throw notFound("Member");
  return member;
}

/** A company admin keeps the company in hand: they cannot demote or remove themselves (another admin can). */
function refuseSelf(c: Context<TenantEnv>, id: string, what: string) {
  if (principalOf(c).userId === id)
    throw new ApiError("CONFLICT", `You cannot ${what} yourself; ask another admin of your company`, [
      { field: "id", message: "is your own account", value: id },
    ]);
}

export const companyMembersRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const scope = scopeOf(c);
    const customerId = await companyFor(scope, principalOf(c), c.req.valid("query").customer_id);
    return ok(c, (await membersOf(scope, customerId)).map(present));
  })
  .openapi(routes.invite, async (c) => {
    const scope = scopeOf(c);
    const principal = principalOf(c);
    const body = c.req.valid("json");
    const customerId = await companyFor(scope, principal, body.customer_id);
    const taken = () =>
      new ApiError("CONFLICT", "This e-mail already has an account here; it cannot join your company", [
        { field: "email", message: "already has an account", value: body.email },
      ]);
    const existing = await findUserByEmail(scope, body.email);
    // Asked again for someone still invited (their link lost or expired): a fresh link, the role as now chosen.
    const reinvite = existing && existing.customer_id === customerId && (await passwordSetByToken(scope, existing.id)) === false;
    if (existing && !reinvite) throw taken();
    const userId = existing?.id ?? crypto.randomUUID();
    const actor = { actor_type: principal.kind, actor_id: principal.userId, request_id: c.get("requestId"), data: { email: body.email, role: body.role } };
    const { statements, invitation } = await invitationStatements(scope, userId, actor);
    const member = existing
      ? setMemberRoleStatement(scope, userId, body.role)
      : newMemberStatement(scope, {
          id: userId,
          email: body.email,
          name: body.name,
          role: body.role,
          customer_id: customerId,
          password_hash: await unknownPasswordHash(),
        });
    try {
      await scope.db.batch([member, ...statements]);
    } catch (e) {
      if (isUniqueViolation(e, "users")) throw taken(); // registered meanwhile
      throw e;
    }
    await notify(c.env, scope, { type: "member.invited", user_id: userId, expires_at: invitation.expires_at }, invitation.page_path);
    const invited = (await findMember(scope, userId, customerId))!;
    return ok(c, { member: present(invited), invitation: { page_path: invitation.page_path, expires_at: iso(invitation.expires_at)! } }, 201);
  })
  .openapi(routes.patch, async (c) => {
    const member = await managedMember(c, c.req.valid("param").id);
    const { role } = c.req.valid("json");
    const scope = scopeOf(c);
    const principal = principalOf(c);
    if (role !== member.role) {
      refuseSelf(c, member.id, "change the role of");
      await scope.db.batch([
        setMemberRoleStatement(scope, member.id, role),
        audit(scope, {
          actor_type: principal.kind,
          actor_id: principal.userId,
          action: "member.role_changed",
          target_type: "user",
          target_id: member.id,
          data: { from: member.role, to: role },
          request_id: c.get("requestId"),
        }),
      ]);
    }
    return ok(c, present({ ...member, role }));
  })
  .openapi(routes.remove, async (c) => {
    const member = await managedMember(c, c.req.valid("param").id);
    refuseSelf(c, member.id, "remove");
    const scope = scopeOf(c);
    const principal = principalOf(c);
    if (member.role === "customer_admin" && (await adminCount(scope, member.customer_id)) <= 1)
      throw new ApiError("CONFLICT", "This is the company's only admin; make someone else admin first", [
        { field: "id", message: "is the only admin", value: member.id },
      ]);
    await scope.db.batch([
      ...removeMemberStatements(scope, member.id, Date.now()),
      audit(scope, {
        actor_type: principal.kind,
        actor_id: principal.userId,
        action: "member.removed",
        target_type: "user",
        target_id: member.id,
        data: { email: member.email, role: member.role, customer_id: member.customer_id },
        request_id: c.get("requestId"),
      }),
    ] as unknown as Parameters<typeof scope.db.batch>[0]);
    return ok(c, { removed: true as const });
  });
