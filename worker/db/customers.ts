import { and, asc, eq, gt } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { customers } from "./schema/index.ts";

export type Customer = typeof customers.$inferSelect;

export const findCustomer = ({ db, tenantId }: Scope, id: string) =>
  db.query.customers.findFirst({ where: and(eq(customers.tenant_id, tenantId), eq(customers.id, id)) });

export const listCustomers = ({ db, tenantId }: Scope, opts: { limit: number; cursor?: string; onlyId?: string }) =>
  db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.tenant_id, tenantId),
        opts.onlyId ? eq(customers.id, opts.onlyId) : undefined,
        opts.cursor ? gt(customers.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(opts.limit + 1);

export async function createCustomer({ db, tenantId }: Scope, name: string) {
  const row = { id: crypto.randomUUID(), tenant_id: tenantId, name, created_at: Date.now() };
  await db.insert(customers).values(row);
  return row;
}

export const insertCustomerStatement = ({ db, tenantId }: Scope, row: { id: string; name: string }) =>
  db.insert(customers).values({ ...row, tenant_id: tenantId, created_at: Date.now() });
