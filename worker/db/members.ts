import { and, asc, eq, exists, inArray, isNotNull, isNull, not, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { CUSTOMER_ROLES, type Role } from "../auth/permissions.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { apiKeys, passwordTokens, projectMembers, sessions, users } from "./schema/index.ts";

/** A member (of a customer company, or of the shop's staff) as their admin sees them: `invited` until they set a password with their link. */
export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "invited" | "active";
  created_at: number;
}

const tokenOf = (used: boolean) =>
  exists(
    sql`(SELECT 1 FROM ${passwordTokens} WHERE ${passwordTokens.tenant_id} = ${users.tenant_id} AND ${passwordTokens.user_id} = ${users.id}${used ? sql` AND ${isNotNull(passwordTokens.used_at)}` : sql``})`,
  );

/** Invited (holds tokens, none used) or active (self-registered, or set a password with a token). */
export const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  created_at: users.created_at,
  invited: sql<number>`${and(tokenOf(false), not(tokenOf(true)))}`,
};

export const asMember = ({ invited, ...m }: { invited: number } & Omit<Member, "status">): Member => ({ ...m, status: invited ? "invited" : "active" });

const isCustomer = inArray(users.role, [...CUSTOMER_ROLES]);

/** A company's members, oldest first (a company has tens, not thousands). */
export const membersOf = (scope: Scope, customerId: string) =>
  scope.db
    .select(memberColumns)
    .from(users)
    .where(ofTenant(scope, users, eq(users.customer_id, customerId), isCustomer))
    .orderBy(asc(users.created_at), asc(users.id))
    .then((rows) => rows.map(asMember));

/** A member by id, within one company when `customerId` is given, else within any of the shop's companies (staff never). */
export const findMember = async (scope: Scope, id: string, customerId: string | undefined) => {
  const row = await scope.db
    .select({ ...memberColumns, customer_id: users.customer_id })
    .from(users)
    .where(ofTenant(scope, users, eq(users.id, id), isCustomer, isNotNull(users.customer_id), customerId ? eq(users.customer_id, customerId) : undefined))
    .get();
  return row ? { ...asMember(row), customer_id: row.customer_id as string } : undefined;
};

/** How many admins a company has. */
export const adminCount = async (scope: Scope, customerId: string) =>
  (
    await scope.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(ofTenant(scope, users, eq(users.customer_id, customerId), eq(users.role, "customer_admin")))
      .get()
  )?.n ?? 0;

export const setMemberRoleStatement = (scope: Scope, id: string, role: Role) =>
  scope.db
    .update(users)
    .set({ role })
    .where(ofTenant(scope, users, eq(users.id, id), isCustomer));

/**
 * Removes a member at once: their API keys are revoked, their sessions,
 * project assignments and unused invitations end, and the account goes —
 * all in the caller's one batch, so nothing they hold outlives the removal.
 * `onlyIf` guards every statement (all happen or none), `userIs` the account's
 * kind (a customer, staff).
 */
export const removeUserStatements = (scope: Scope, id: string, now: number, userIs: SQL, onlyIf: SQL = sql`1`): BatchItem<"sqlite">[] => [
  scope.db
    .update(apiKeys)
    .set({ revoked_at: now })
    .where(ofTenant(scope, apiKeys, eq(apiKeys.created_by, id), isNull(apiKeys.revoked_at), onlyIf)),
  scope.db.delete(sessions).where(ofTenant(scope, sessions, eq(sessions.user_id, id), onlyIf)),
  scope.db.delete(projectMembers).where(ofTenant(scope, projectMembers, eq(projectMembers.user_id, id), onlyIf)),
  scope.db.delete(passwordTokens).where(ofTenant(scope, passwordTokens, eq(passwordTokens.user_id, id), onlyIf)),
  scope.db.delete(users).where(ofTenant(scope, users, eq(users.id, id), userIs, onlyIf)),
];

/** Removes a company's member (decision 49). */
export const removeMemberStatements = (scope: Scope, id: string, now: number) => removeUserStatements(scope, id, now, isCustomer);
