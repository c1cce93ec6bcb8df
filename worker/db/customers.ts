import { asc, eq, gt } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { customers } from "./schema/index.ts";

export type Customer = typeof customers.$inferSelect;

export const findCustomer = (scope: Scope, id: string) =>
  scope.db.query.customers.findFirst({ where: ofTenant(scope, customers, eq(customers.id, id)) });

export const listCustomers = (scope: Scope, opts: { limit: number; cursor?: string; onlyId?: string }) =>
  scope.db
    .select()
    .from(customers)
    .where(
      ofTenant(
        scope,
        customers,
        opts.onlyId ? eq(customers.id, opts.onlyId) : undefined,
        opts.cursor ? gt(customers.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(opts.limit + 1);

export async function createCustomer(scope: Scope, name: string) {
  const row = { id: crypto.randomUUID(), tenant_id: scope.tenantId, name, created_at: Date.now() };
  await scope.db.insert(customers).values(row);
  return row;
}

export const insertCustomerStatement = (scope: Scope, row: { id: string; name: string }) =>
  scope.db.insert(customers).values({ ...row, tenant_id: scope.tenantId, created_at: Date.now() });
