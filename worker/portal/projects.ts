import { eq, inArray } from "drizzle-orm";
import { CUSTOMER_ROLES, isStaff } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import { ApiError, notFound, unprocessable } from "../api/errors.ts";
import { findCustomer } from "../db/customers.ts";
import type { ProjectViewer } from "../db/projects.ts";
import { ofTenant, type Scope } from "../db/scope.ts";
import { users } from "../db/schema/index.ts";

/** The caller as a viewer of projects; null for a customer account that belongs to no company (it sees none). */
export function projectViewerOf(p: Principal): ProjectViewer | null {
  if (isStaff(p.role)) return { kind: "staff" };
  if (!p.customerId) return null;
  return p.role === "customer_admin" ? { kind: "company", customerId: p.customerId } : { kind: "member", customerId: p.customerId, userId: p.userId };
}

/**
 * The company a new project (or invitation) is for: a customer's own; the
 * one staff name (required of them). Another shop's or an unknown company is
 * a 404 like any other id.
 */
export async function companyFor(scope: Scope, p: Principal, given: string | undefined): Promise<string> {
  if (!isStaff(p.role)) {
    if (!p.customerId) throw unprocessable("customer_id", "This account belongs to no customer company");
    if (given !== undefined && given !== p.customerId) throw notFound("Customer");
    return p.customerId;
  }
  if (given === undefined)
    throw new ApiError("VALIDATION_ERROR", "Say which customer company this is for", [{ field: "customer_id", message: "is required for the shop's staff" }]);
  if (!(await findCustomer(scope, given))) throw notFound("Customer");
  return given;
}

/** The distinct ids, each a member of the company; a 422 naming the others. */
export async function companyMembers(scope: Scope, customerId: string, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return wanted;
  const found = await scope.db
    .select({ id: users.id })
    .from(users)
    .where(ofTenant(scope, users, inArray(users.id, wanted), eq(users.customer_id, customerId), inArray(users.role, [...CUSTOMER_ROLES])));
  const known = new Set(found.map((u) => u.id));
  const strangers = wanted.filter((id) => !known.has(id));
  if (strangers.length > 0) throw unprocessable("member_ids", "Only members of the project's company can be assigned to it", strangers);
  return wanted;
}
