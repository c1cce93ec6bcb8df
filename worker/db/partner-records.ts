import { and, eq, sql } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { partnerRecords, quotes } from "./schema/index.ts";

export type PartnerRecord = typeof partnerRecords.$inferSelect;
export interface PartnerKey {
  source: string;
  kind: string;
  external_id: string;
}

const keyed = (scope: Scope, key: PartnerKey) =>
  ofTenant(scope, partnerRecords, eq(partnerRecords.source, key.source), eq(partnerRecords.kind, key.kind), eq(partnerRecords.external_id, key.external_id));

export const findPartnerRecord = (scope: Scope, key: PartnerKey) => scope.db.select().from(partnerRecords).where(keyed(scope, key)).get();

/** The record and its linked quote (if any) in one statement, so each is as of the same moment. */
export const findPartnerRecordWithQuote = (scope: Scope, key: PartnerKey) =>
  scope.db
    .select({ record: partnerRecords, quote: quotes })
    .from(partnerRecords)
    .leftJoin(quotes, and(eq(quotes.tenant_id, partnerRecords.tenant_id), eq(quotes.id, partnerRecords.quote_id)))
    .where(keyed(scope, key))
    .get();

/** Records a partner's thing once (linked to our quote when one was opened for it): a resent "created" event with a new id changes nothing. */
export const insertPartnerRecordStatement = (scope: Scope, key: PartnerKey, status: string, data: Record<string, unknown>, quoteId: string | null = null) => {
  const now = Date.now();
  return scope.db
    .insert(partnerRecords)
    .values({ ...key, id: crypto.randomUUID(), tenant_id: scope.tenantId, status, data, quote_id: quoteId, created_at: now, updated_at: now })
    .onConflictDoNothing();
};

/** Links a partner's customer to our customer company; fails on a concurrent link, so only one company is ever linked. */
export const linkCustomerStatement = (scope: Scope, key: PartnerKey, customerId: string, data: Record<string, unknown>) => {
  const now = Date.now();
  return scope.db
    .insert(partnerRecords)
    .values({ ...key, id: crypto.randomUUID(), tenant_id: scope.tenantId, status: "linked", data, customer_id: customerId, created_at: now, updated_at: now });
};

export const updatePartnerRecordStatement = (scope: Scope, key: PartnerKey, set: { status?: string; revision?: number; data?: Record<string, unknown> }) =>
  scope.db
    .update(partnerRecords)
    .set({ ...set, updated_at: Date.now() })
    .where(keyed(scope, key));

/** Advances the revision only when the update is newer than what we hold (late duplicates change nothing). */
export const reviseStatement = (scope: Scope, key: PartnerKey, revision: number, status: string, data: Record<string, unknown>) =>
  scope.db
    .update(partnerRecords)
    .set({ revision, status, data, updated_at: Date.now() })
    .where(and(keyed(scope, key), sql`${partnerRecords.revision} < ${revision}`));

/** Creates the record, or bumps its revision when the partner asks again (drawing revisions). */
export const upsertRevisionStatement = (scope: Scope, key: PartnerKey, status: string, data: Record<string, unknown>) => {
  const now = Date.now();
  return scope.db
    .insert(partnerRecords)
    .values({ ...key, id: crypto.randomUUID(), tenant_id: scope.tenantId, status, data, created_at: now, updated_at: now })
    .onConflictDoUpdate({
      target: [partnerRecords.tenant_id, partnerRecords.source, partnerRecords.kind, partnerRecords.external_id],
      set: { status, data, revision: sql`${partnerRecords.revision} + 1`, updated_at: now },
    });
};
