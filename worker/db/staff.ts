import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { STAFF_ROLES, type Role } from "../auth/permissions.ts";
import type { AuditEntry } from "./audit.ts";
import { asMember, memberColumns, removeUserStatements, type Member } from "./members.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { auditLog, passwordTokens, users } from "./schema/index.ts";

/** A member of the shop's staff as the owner and admins see them; an invitation's link expires at `invitation_expires_at`. */
export interface StaffMember extends Member {
  invitation_expires_at: number | null;
}

const isStaffUser = inArray(users.role, [...STAFF_ROLES]);

const staffColumns = {
  ...memberColumns,
  invitation_expires_at: sql<
    number | null
  >`(SELECT max(${passwordTokens.expires_at}) FROM ${passwordTokens} WHERE ${passwordTokens.tenant_id} = ${users.tenant_id} AND ${passwordTokens.user_id} = ${users.id} AND ${passwordTokens.used_at} IS NULL)`,
};

const asStaff = ({ invitation_expires_at, ...row }: Parameters<typeof asMember>[0] & { invitation_expires_at: number | null }): StaffMember => {
  const member = asMember(row);
  return { ...member, invitation_expires_at: member.status === "invited" ? invitation_expires_at : null };
};

/** The shop's staff, invited or active, oldest first (a shop has tens, not thousands). */
export const staffOf = (scope: Scope) =>
  scope.db
    .select(staffColumns)
    .from(users)
    .where(ofTenant(scope, users, isStaffUser))
    .orderBy(asc(users.created_at), asc(users.id))
    .then((rows) => rows.map(asStaff));

/** A member of the shop's staff by id; a customer's account is none. */
export const findStaff = (scope: Scope, id: string) =>
  scope.db
    .select(staffColumns)
    .from(users)
    .where(ofTenant(scope, users, eq(users.id, id), isStaffUser))
    .get()
    .then((row) => (row ? asStaff(row) : undefined));

/**
 * True while the shop has an active owner (one who can sign in, not one still
 * invited) other than `id`: every statement that could take the last owner
 * away carries it, so two owners removing each other at once still leave one.
 */
const anotherOwner = (scope: Scope, id: string) =>
  sql`EXISTS (SELECT 1 FROM ${users} AS other WHERE other.tenant_id = ${scope.tenantId} AND other.role = 'owner' AND other.id <> ${id} AND (
    NOT EXISTS (SELECT 1 FROM ${passwordTokens} AS t WHERE t.tenant_id = ${scope.tenantId} AND t.user_id = other.id)
    OR EXISTS (SELECT 1 FROM ${passwordTokens} AS t WHERE t.tenant_id = ${scope.tenantId} AND t.user_id = other.id AND t.used_at IS NOT NULL)))`;

/** What removing or demoting `member` must keep true: an owner goes only while another remains. */
const keepsAnOwner = (scope: Scope, member: StaffMember) => (member.role === "owner" ? anotherOwner(scope, member.id) : sql`1`);

/** A staff member's role (an invited colleague invited again with another role). */
export const setStaffRoleStatement = (scope: Scope, id: string, role: Role, onlyIf: SQL = sql`1`) =>
  scope.db
    .update(users)
    .set({ role })
    .where(ofTenant(scope, users, eq(users.id, id), isStaffUser, onlyIf));

/** An audit row written only if `onlyIf` holds when the batch runs. insert(…).select(sql) lists every column in table order. */
const auditIf = (scope: Scope, entry: AuditEntry, onlyIf: SQL, now: number) =>
  scope.db
    .insert(auditLog)
    .select(
      sql`SELECT ${crypto.randomUUID()}, ${scope.tenantId}, ${entry.actor_type}, ${entry.actor_id ?? null}, ${entry.action}, ${entry.target_type ?? null}, ${entry.target_id ?? null}, ${entry.data ? JSON.stringify(entry.data) : null}, ${entry.request_id ?? null}, ${now} WHERE ${onlyIf}`,
    );

/** A staff member's new role, with its audit row; an owner's demotion happens only while another owner remains. */
export function setStaffRoleStatements(scope: Scope, member: StaffMember, role: Role, entry: AuditEntry, now = Date.now()) {
  const keeps = keepsAnOwner(scope, member);
  return [setStaffRoleStatement(scope, member.id, role, keeps), auditIf(scope, entry, keeps, now)] as const;
}

/** Removes a staff member (sessions, API keys, invitations end in the same batch) with its audit row; an owner only while another remains. */
export const removeStaffStatements = (scope: Scope, member: StaffMember, entry: AuditEntry, now = Date.now()) => {
  const keeps = keepsAnOwner(scope, member);
  return [auditIf(scope, entry, keeps, now), ...removeUserStatements(scope, member.id, now, isStaffUser, keeps)];
};
