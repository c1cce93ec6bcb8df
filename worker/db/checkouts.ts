import { and, eq, inArray } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { checkouts, companyAddresses, type PostalAddress } from "./schema/index.ts";

export type Checkout = typeof checkouts.$inferSelect;
export type SavedAddress = typeof companyAddresses.$inferSelect;

/** A company's saved addresses, newest first. */
export function listAddresses(scope: Scope, customerId: string, page: PageRequest) {
  const { after, orderBy } = keyset(companyAddresses.created_at, companyAddresses.id, page);
  return scope.db
    .select()
    .from(companyAddresses)
    .where(ofTenant(scope, companyAddresses, eq(companyAddresses.customer_id, customerId), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

export async function insertAddress(scope: Scope, customerId: string, address: PostalAddress): Promise<SavedAddress> {
  const row = { id: crypto.randomUUID(), tenant_id: scope.tenantId, customer_id: customerId, address, created_at: Date.now() };
  await scope.db.insert(companyAddresses).values(row);
  return row;
}

/** The company's saved addresses among `ids` (another company's or shop's are simply not found). */
export const findAddresses = (scope: Scope, customerId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : scope.db
        .select()
        .from(companyAddresses)
        .where(ofTenant(scope, companyAddresses, and(eq(companyAddresses.customer_id, customerId), inArray(companyAddresses.id, ids))));

export async function insertCheckout(scope: Scope, row: Omit<typeof checkouts.$inferInsert, "tenant_id" | "id" | "created_at">): Promise<Checkout> {
  const full = { ...row, id: crypto.randomUUID(), tenant_id: scope.tenantId, created_at: Date.now(), po_number: row.po_number ?? null };
  await scope.db.insert(checkouts).values(full);
  return full;
}

export const findCheckout = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(checkouts)
    .where(ofTenant(scope, checkouts, eq(checkouts.id, id)))
    .get();
