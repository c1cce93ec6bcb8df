import { eq, inArray } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { auditLog, customers, users } from "./schema/index.ts";
import type { Role } from "../auth/permissions.ts";

export type User = typeof users.$inferSelect;

export const findUserByEmail = (scope: Scope, email: string) => scope.db.query.users.findFirst({ where: ofTenant(scope, users, eq(users.email, email)) });

/** The names of users by id (ids of people since removed are missing). */
export const usersByIds = async (scope: Scope, ids: string[]) =>
  new Map(
    ids.length === 0
      ? []
      : (
          await scope.db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(ofTenant(scope, users, inArray(users.id, ids)))
        ).map((u) => [u.id, u.name]),
  );

export const findUser = (scope: Scope, id: string) => scope.db.query.users.findFirst({ where: ofTenant(scope, users, eq(users.id, id)) });

export const setPasswordHash = (scope: Scope, id: string, password_hash: string) =>
  scope.db
    .update(users)
    .set({ password_hash })
    .where(ofTenant(scope, users, eq(users.id, id)));

export const insertUserStatement = (scope: Scope, row: Omit<typeof users.$inferInsert, "tenant_id" | "created_at">) =>
  scope.db.insert(users).values({ ...row, tenant_id: scope.tenantId });

/** Users, newest first, optionally only one customer company's. */
export function listUsers(scope: Scope, page: PageRequest, customerId?: string) {
  const { after, orderBy } = keyset(users.created_at, users.id, page);
  return scope.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      customer_id: users.customer_id,
      created_at: users.created_at,
    })
    .from(users)
    .where(ofTenant(scope, users, customerId ? eq(users.customer_id, customerId) : undefined, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

/** Registers a customer: a new company with this user as its customer_admin, atomically. */
export async function registerCustomerUser(scope: Scope, input: { email: string; name: string; password_hash: string; company?: string }, requestId: string) {
  const customerId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const role: Role = "customer_admin";
  await scope.db.batch([
    scope.db.insert(customers).values({ id: customerId, tenant_id: scope.tenantId, name: input.company ?? input.name }),
    scope.db.insert(users).values({
      id: userId,
      tenant_id: scope.tenantId,
      email: input.email,
      name: input.name,
      password_hash: input.password_hash,
      role,
      customer_id: customerId,
    }),
    scope.db.insert(auditLog).values({
      id: crypto.randomUUID(),
      tenant_id: scope.tenantId,
      actor_type: "user",
      actor_id: userId,
      action: "user.registered",
      target_type: "user",
      target_id: userId,
      request_id: requestId,
    }),
  ]);
  return { userId, customerId, role };
}
