import { eq } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { customers } from "./schema/index.ts";

export type Customer = typeof customers.$inferSelect;

export const findCustomer = (scope: Scope, id: string) => scope.db.query.customers.findFirst({ where: ofTenant(scope, customers, eq(customers.id, id)) });

/** Companies, newest first, optionally only one. */
export function listCustomers(scope: Scope, page: PageRequest, onlyId?: string) {
  const { after, orderBy } = keyset(customers.created_at, customers.id, page);
  return scope.db
    .select()
    .from(customers)
    .where(ofTenant(scope, customers, onlyId ? eq(customers.id, onlyId) : undefined, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

export async function createCustomer(scope: Scope, name: string) {
  const row = { id: crypto.randomUUID(), tenant_id: scope.tenantId, name, created_at: Date.now() };
  await scope.db.insert(customers).values(row);
  return row;
}

export const insertCustomerStatement = (scope: Scope, row: { id: string; name: string }) =>
  scope.db.insert(customers).values({ ...row, tenant_id: scope.tenantId, created_at: Date.now() });

/** A company's own settings (decision 53); fields left out stay. */
export const setCustomerSettingsStatement = (scope: Scope, id: string, set: { order_approval_required?: boolean }) =>
  scope.db
    .update(customers)
    .set(set)
    .where(ofTenant(scope, customers, eq(customers.id, id)));
