import { and, eq, gt, lte } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import type { Db } from "./client.ts";
import { sessions, users } from "./schema/index.ts";

export const createSession = ({ db, tenantId }: Scope, s: { token_hash: string; user_id: string; expires_at: number }) =>
  db.insert(sessions).values({ tenant_id: tenantId, ...s });

/** The live session for a token hash, with its user; expired ones do not count. */
export const findSessionUser = ({ db, tenantId }: Scope, tokenHash: string, now: number) =>
  db
    .select({ user: users, expires_at: sessions.expires_at })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.user_id), eq(users.tenant_id, sessions.tenant_id)))
    .where(and(eq(sessions.tenant_id, tenantId), eq(sessions.token_hash, tokenHash), gt(sessions.expires_at, now)))
    .get();

export const deleteSession = ({ db, tenantId }: Scope, tokenHash: string) =>
  db.delete(sessions).where(and(eq(sessions.tenant_id, tenantId), eq(sessions.token_hash, tokenHash)));

/** The scheduled sweep: a platform-wide chore, not a tenant's query. */
export const sweepExpiredSessions = (db: Db, now: number) => db.delete(sessions).where(lte(sessions.expires_at, now));
