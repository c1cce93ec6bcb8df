import { eq, lt, type SQL } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { idempotencyKeys } from "./schema/index.ts";

/** One caller's key on one route. */
export interface IdempotencyKey {
  route: string;
  key: string;
}

const of = (scope: Scope, k: IdempotencyKey, ...more: SQL[]) =>
  ofTenant(scope, idempotencyKeys, eq(idempotencyKeys.route, k.route), eq(idempotencyKeys.key, k.key), ...more);

/** Forgets the key if its first use is older than `olderThan` (it has expired). */
export const expireIdempotencyKey = (scope: Scope, k: IdempotencyKey, olderThan: number) =>
  scope.db.delete(idempotencyKeys).where(of(scope, k, lt(idempotencyKeys.created_at, olderThan)));

/** Claims the key for a request with this body; false when it was already claimed. */
export const claimIdempotencyKey = async (scope: Scope, k: IdempotencyKey, requestHash: string) =>
  (
    await scope.db
      .insert(idempotencyKeys)
      .values({ tenant_id: scope.tenantId, route: k.route, key: k.key, request_hash: requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
  ).length > 0;

export const findIdempotencyKey = (scope: Scope, k: IdempotencyKey) => scope.db.select().from(idempotencyKeys).where(of(scope, k)).get();

export const storeIdempotentResponse = (scope: Scope, k: IdempotencyKey, status: number, response: string) =>
  scope.db.update(idempotencyKeys).set({ status, response }).where(of(scope, k));

export const releaseIdempotencyKey = (scope: Scope, k: IdempotencyKey) => scope.db.delete(idempotencyKeys).where(of(scope, k));
