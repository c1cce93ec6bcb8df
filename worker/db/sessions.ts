import { and, eq, gt, lte } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import type { Db } from "./client.ts";
import { sessions, users } from "./schema/index.ts";

export const createSession = (scope: Scope, s: { token_hash: string; user_id: string; expires_at: number }) =>
  scope.db.insert(sessions).values({ tenant_id: scope.tenantId, ...s });

/** The live session for a token hash, with its user; expired ones do not count. */
export const findSessionUser = (scope: Scope, tokenHash: string, now: number) =>
  scope.db
    .select({ user: users, expires_at: sessions.expires_at })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.user_id), eq(users.tenant_id, sessions.tenant_id)))
    .where(ofTenant(scope, sessions, eq(sessions.token_hash, tokenHash), gt(sessions.expires_at, now)))
    .get();

export const deleteSession = (scope: Scope, tokenHash: string) =>
  scope.db.delete(sessions).where(ofTenant(scope, sessions, eq(sessions.token_hash, tokenHash)));

/** The scheduled sweep: a platform-wide chore, not a tenant's query. */
export const sweepExpiredSessions = (db: Db, now: number) => db.delete(sessions).where(lte(sessions.expires_at, now));
