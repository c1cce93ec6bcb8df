import { atHome } from "./shards.ts";
import { and, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import type { Db } from "./client.ts";
import { mfaTotp, sessions, users } from "./schema/index.ts";

export const createSession = (scope: Scope, s: { token_hash: string; user_id: string; expires_at: number; user_agent: string | null }) =>
  scope.db.insert(sessions).values({ tenant_id: scope.tenantId, id: crypto.randomUUID(), last_seen_at: Date.now(), ...s });

/** The live session for a token hash, with its user and whether their two-step sign-in is on; expired ones do not count. */
export const findSessionUser = (scope: Scope, tokenHash: string, now: number) =>
  scope.db
    .select({ user: users, expires_at: sessions.expires_at, last_seen_at: sessions.last_seen_at, mfa_confirmed_at: mfaTotp.confirmed_at })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.user_id), eq(users.tenant_id, sessions.tenant_id)))
    .leftJoin(mfaTotp, and(eq(mfaTotp.user_id, sessions.user_id), eq(mfaTotp.tenant_id, sessions.tenant_id)))
    .where(ofTenant(scope, sessions, eq(sessions.token_hash, tokenHash), gt(sessions.expires_at, now)))
    .get();

export const deleteSession = (scope: Scope, tokenHash: string) =>
  scope.db.delete(sessions).where(ofTenant(scope, sessions, eq(sessions.token_hash, tokenHash)));

/** The scheduled sweep: a platform-wide chore, not a tenant's query. */
export const sweepExpiredSessions = (db: Db, now: number) => db.delete(sessions).where(and(lte(sessions.expires_at, now), atHome(sessions)));

/** Marks the session seen now, when it was last seen longer than `every` ago (one write per few minutes, not per request). */
export const touchSession = (scope: Scope, tokenHash: string, now: number, every: number) =>
  scope.db
    .update(sessions)
    .set({ last_seen_at: now })
    .where(ofTenant(scope, sessions, eq(sessions.token_hash, tokenHash), or(isNull(sessions.last_seen_at), lte(sessions.last_seen_at, now - every))));

/** A user's live sessions, most recently seen first. */
export const sessionsOf = (scope: Scope, userId: string, now: number) =>
  scope.db
    .select({
      id: sessions.id,
      token_hash: sessions.token_hash,
      user_agent: sessions.user_agent,
      created_at: sessions.created_at,
      last_seen_at: sessions.last_seen_at,
    })
    .from(sessions)
    .where(ofTenant(scope, sessions, eq(sessions.user_id, userId), gt(sessions.expires_at, now)))
    .orderBy(desc(sessions.last_seen_at), desc(sessions.created_at));

/** Ends one of the user's sessions by its id; false when it is not theirs (or gone). */
export async function endSession(scope: Scope, userId: string, id: string) {
  const { meta } = await scope.db
    .delete(sessions)
    .where(ofTenant(scope, sessions, eq(sessions.user_id, userId), eq(sessions.id, id)))
    .run();
  return meta.changes > 0;
}
