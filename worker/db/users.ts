import { and, asc, eq, gt } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { auditLog, customers, users } from "./schema/index.ts";
import type { Role } from "../auth/permissions.ts";

export type User = typeof users.$inferSelect;

export const findUserByEmail = ({ db, tenantId }: Scope, email: string) =>
  db.query.users.findFirst({ where: and(eq(users.tenant_id, tenantId), eq(users.email, email)) });

export const findUser = ({ db, tenantId }: Scope, id: string) =>
  db.query.users.findFirst({ where: and(eq(users.tenant_id, tenantId), eq(users.id, id)) });

export const setPasswordHash = ({ db, tenantId }: Scope, id: string, password_hash: string) =>
  db.update(users).set({ password_hash }).where(and(eq(users.tenant_id, tenantId), eq(users.id, id)));

export const insertUserStatement = ({ db, tenantId }: Scope, row: Omit<typeof users.$inferInsert, "tenant_id" | "created_at">) =>
  db.insert(users).values({ ...row, tenant_id: tenantId });

/** Users in id order after `cursor`, optionally only one customer company's. */
export const listUsers = ({ db, tenantId }: Scope, opts: { limit: number; cursor?: string; customerId?: string }) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      customer_id: users.customer_id,
      created_at: users.created_at,
    })
    .from(users)
    .where(
      and(
        eq(users.tenant_id, tenantId),
        opts.customerId ? eq(users.customer_id, opts.customerId) : undefined,
        opts.cursor ? gt(users.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(opts.limit + 1);

/** Registers a customer: a new company with this user as its customer_admin, atomically. */
export async function registerCustomerUser(
  { db, tenantId }: Scope,
  input: { email: string; name: string; password_hash: string; company?: string },
  requestId: string,
) {
  const customerId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const role: Role = "customer_admin";
  await db.batch([
    db.insert(customers).values({ id: customerId, tenant_id: tenantId, name: input.company ?? input.name }),
    db.insert(users).values({
      id: userId,
      tenant_id: tenantId,
      email: input.email,
      name: input.name,
      password_hash: input.password_hash,
      role,
      customer_id: customerId,
    }),
    db.insert(auditLog).values({
      id: crypto.randomUUID(),
      tenant_id: tenantId,
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
