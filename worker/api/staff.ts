import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { Email, IdParam, Name, iso } from "./schemas.ts";
import { STAFF_ROLES, type Role } from "../auth/permissions.ts";
import { invitationStatements, newMemberStatement, unknownPasswordHash } from "../auth/invitations.ts";
import { passwordSetByToken } from "../db/password-tokens.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { findStaff, removeStaffStatements, setStaffRoleStatement, setStaffRoleStatements, staffOf, type StaffMember } from "../db/staff.ts";
import { findUserByEmail } from "../db/users.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { notify } from "../notifications/notify.ts";

type StaffRole = (typeof STAFF_ROLES)[number];

const ROLE_DESCRIPTION = "owner: everything, including other owners; admin: everything but owners; staff: quotes, orders and production, no settings";

const StaffView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(STAFF_ROLES).openapi({ description: ROLE_DESCRIPTION }),
    status: z.enum(["invited", "active"]).openapi({ description: "invited until they set a password with their link" }),
    invitation_expires_at: z.string().nullable().openapi({ description: "When an invited member's link stops working (invite them again for a fresh one)" }),
    created_at: z.string().nullable(),
  })
  .openapi("StaffMember");

const Invited = z
  .object({
    member: StaffView,
    invitation: z.object({
      page_path: z
        .string()
        .openapi({ description: "The one-time link (path on the shop's host), also e-mailed to them; shown once", example: "/welcome#token=…" }),
      expires_at: z.string(),
    }),
  })
  .openapi("StaffInvited");

// E-mail and role are checked by the handler, so a wrong one is a 422 naming the field (the shape alone is a 400).
const RoleInput = z
  .string()
  .max(40)
  .openapi({ description: ROLE_DESCRIPTION, enum: [...STAFF_ROLES] });
const Invite = z.strictObject({ email: z.string().max(254), role: RoleInput, name: Name.optional() }).openapi("InviteStaff");

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

const routes = {
  list: defineRoute({
    permission: "users:read",
    method: "get",
    path: "/",
    tags: ["Staff"],
    summary: "The shop's staff, oldest first: active members and pending invitations",
    responses: { 200: { description: "Staff", content: { "application/json": { schema: envelope(z.array(StaffView)) } } }, ...errorResponses(401, 403) },
  }),
  invite: defineRoute({
    permission: "users:write",
    method: "post",
    path: "/",
    tags: ["Staff"],
    summary:
      "Invite a colleague by e-mail with a role: e-mails them a one-time link (valid 7 days), also answered here; an invited colleague asked again gets a fresh link. Only an owner invites an owner",
    request: { body: json(Invite) },
    responses: {
      201: { description: "Invited", content: { "application/json": { schema: envelope(Invited) } } },
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    },
  }),
  patch: defineRoute({
    permission: "users:write",
    method: "patch",
    path: "/{id}",
    tags: ["Staff"],
    summary: "Change a staff member's role (only an owner makes or unmakes an owner; the last owner stays one: 409)",
    request: { params: IdParam, body: json(z.strictObject({ role: RoleInput }).openapi("PatchStaff")) },
    responses: {
      200: { description: "Updated", content: { "application/json": { schema: envelope(StaffView) } } },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  remove: defineRoute({
    permission: "users:write",
    method: "delete",
    path: "/{id}",
    tags: ["Staff"],
    summary:
      "Remove a staff member: their sessions and API keys end at once, with their unused invitations (only an owner removes an owner; never the last: 409)",
    request: { params: IdParam },
    responses: {
      200: { description: "Removed", content: { "application/json": { schema: envelope(z.object({ removed: z.literal(true) })) } } },
      ...errorResponses(401, 403, 404, 409),
    },
  }),
};

const present = (m: StaffMember) => ({ ...m, role: m.role as StaffRole, created_at: iso(m.created_at), invitation_expires_at: iso(m.invitation_expires_at) });

const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

function staffRole(role: string): StaffRole {
  if (!isStaffRole(role)) throw unprocessable("role", `Choose one of: ${STAFF_ROLES.join(", ")}`, role);
  return role;
}

/** Owners are an owner's business: an admin neither makes one nor changes or removes one. */
function onlyOwnersTouchOwners(c: Context<TenantEnv>, ...roles: Role[]) {
  if (roles.includes("owner") && principalOf(c).role !== "owner")
    throw new ApiError("FORBIDDEN", "Only an owner can make someone an owner, or change or remove an owner", [
      { field: "role", message: "owner is for owners to give" },
    ]);
}

/** Nothing changed: an owner was the last one (the batch's guard held them), anyone else was removed meanwhile. */
const unchanged = (member: StaffMember) =>
  member.role === "owner"
    ? new ApiError("CONFLICT", "This is the shop's only owner; make someone else an owner first", [
        { field: "id", message: "is the only owner", value: member.id },
      ])
    : notFound("Staff member");

async function staffMember(c: Context<TenantEnv>, id: string) {
  const member = await findStaff(scopeOf(c), id);
  if (!member) throw notFound("Staff member");
  return member;
}

const actorOf = (c: Context<TenantEnv>) => {
  const p = principalOf(c);
  return { actor_type: p.kind, actor_id: p.userId, request_id: c.get("requestId") };
};

export const staffRouter = createRouter()
  .openapi(routes.list, async (c) => ok(c, (await staffOf(scopeOf(c))).map(present)))
  .openapi(routes.invite, async (c) => {
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    const parsed = Email.safeParse(body.email);
    if (!parsed.success) throw unprocessable("email", "Enter an e-mail address like name@your-company.com", body.email);
    const email = parsed.data;
    const role = staffRole(body.role);
    onlyOwnersTouchOwners(c, role);
    const taken = () =>
      new ApiError("CONFLICT", "This e-mail already belongs to someone with an account at this shop", [
        { field: "email", message: "already has an account", value: email },
      ]);
    const existing = await findUserByEmail(scope, email);
    // Asked again for a colleague still invited (their link lost or expired): a fresh link, the role as now chosen.
    const reinvite = existing && existing.customer_id === null && isStaffRole(existing.role) && (await passwordSetByToken(scope, existing.id)) === false;
    if (existing && !reinvite) throw taken();
    if (existing) onlyOwnersTouchOwners(c, existing.role);
    const userId = existing?.id ?? crypto.randomUUID();
    const { statements, invitation } = await invitationStatements(scope, userId, { ...actorOf(c), data: { email, role, staff: true } });
    const member = existing
      ? setStaffRoleStatement(scope, userId, role)
      : newMemberStatement(scope, { id: userId, email, name: body.name, role, customer_id: null, password_hash: await unknownPasswordHash() });
    try {
      await scope.db.batch([member, ...statements]);
    } catch (e) {
      if (isUniqueViolation(e, "users")) throw taken(); // registered meanwhile
      throw e;
    }
    await notify(c.env, scope, { type: "member.invited", user_id: userId, expires_at: invitation.expires_at }, invitation.page_path);
    const invited = (await findStaff(scope, userId))!;
    return ok(c, { member: present(invited), invitation: { page_path: invitation.page_path, expires_at: iso(invitation.expires_at)! } }, 201);
  })
  .openapi(routes.patch, async (c) => {
    const member = await staffMember(c, c.req.valid("param").id);
    const role = staffRole(c.req.valid("json").role);
    if (role === member.role) return ok(c, present(member));
    onlyOwnersTouchOwners(c, member.role, role);
    const scope = scopeOf(c);
    const entry = { ...actorOf(c), action: "staff.role_changed", target_type: "user", target_id: member.id, data: { from: member.role, to: role } };
    const [changed] = await scope.db.batch(setStaffRoleStatements(scope, member, role, entry));
    if (changed.meta.changes === 0) throw unchanged(member);
    return ok(c, present({ ...member, role }));
  })
  .openapi(routes.remove, async (c) => {
    const member = await staffMember(c, c.req.valid("param").id);
    onlyOwnersTouchOwners(c, member.role);
    const scope = scopeOf(c);
    const entry = { ...actorOf(c), action: "staff.removed", target_type: "user", target_id: member.id, data: { email: member.email, role: member.role } };
    const results = await scope.db.batch(removeStaffStatements(scope, member, entry) as unknown as Parameters<typeof scope.db.batch>[0]);
    if ((results.at(-1) as { meta: { changes: number } }).meta.changes === 0) throw unchanged(member);
    return ok(c, { removed: true as const });
  });
