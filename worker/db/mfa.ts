import { eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { mfaChallenges, mfaRecoveryCodes, mfaTotp } from "./schema/index.ts";

export type Totp = typeof mfaTotp.$inferSelect;

export const findTotp = (scope: Scope, userId: string) =>
  scope.db
    .select()
    .from(mfaTotp)
    .where(ofTenant(scope, mfaTotp, eq(mfaTotp.user_id, userId)))
    .get();

/** A new, unconfirmed secret; replaces an earlier unconfirmed one, never a confirmed one (false then). */
export async function startTotp(scope: Scope, userId: string, secretEnc: string) {
  const { meta } = await scope.db
    .insert(mfaTotp)
    .values({ tenant_id: scope.tenantId, user_id: userId, secret_enc: secretEnc })
    .onConflictDoUpdate({
      target: [mfaTotp.tenant_id, mfaTotp.user_id],
      set: { secret_enc: secretEnc, last_step: null, created_at: Date.now() },
      setWhere: isNull(mfaTotp.confirmed_at),
    })
    .run();
  return meta.changes > 0;
}

/**
 * Takes a code's time step for the user, once: only if it is after the last
 * step accepted (a replayed code, even within its 30 s, is refused).
 */
export async function acceptStep(scope: Scope, userId: string, step: number) {
  const { meta } = await scope.db
    .update(mfaTotp)
    .set({ last_step: step })
    .where(ofTenant(scope, mfaTotp, eq(mfaTotp.user_id, userId), or(isNull(mfaTotp.last_step), lt(mfaTotp.last_step, step))))
    .run();
  return meta.changes > 0;
}

/** Confirms enrolment with its first accepted step and stores the recovery codes, in one batch. */
export async function confirmTotp(scope: Scope, userId: string, step: number, codeHashes: string[]) {
  const now = Date.now();
  const [confirmed] = await scope.db.batch([
    scope.db
      .update(mfaTotp)
      .set({ confirmed_at: now, last_step: step })
      .where(ofTenant(scope, mfaTotp, eq(mfaTotp.user_id, userId), isNull(mfaTotp.confirmed_at), or(isNull(mfaTotp.last_step), lt(mfaTotp.last_step, step)))),
    scope.db.delete(mfaRecoveryCodes).where(ofTenant(scope, mfaRecoveryCodes, eq(mfaRecoveryCodes.user_id, userId))),
    scope.db.insert(mfaRecoveryCodes).values(codeHashes.map((code_hash) => ({ tenant_id: scope.tenantId, user_id: userId, code_hash }))),
  ]);
  return confirmed.meta.changes > 0;
}

/** Uses a recovery code of the user's, once. */
export async function spendRecoveryCode(scope: Scope, userId: string, codeHash: string) {
  const { meta } = await scope.db
    .update(mfaRecoveryCodes)
    .set({ used_at: Date.now() })
    .where(ofTenant(scope, mfaRecoveryCodes, eq(mfaRecoveryCodes.user_id, userId), eq(mfaRecoveryCodes.code_hash, codeHash), isNull(mfaRecoveryCodes.used_at)))
    .run();
  return meta.changes > 0;
}

export const recoveryCodesLeft = (scope: Scope, userId: string) =>
  scope.db
    .select({ n: sql<number>`count(*)` })
    .from(mfaRecoveryCodes)
    .where(ofTenant(scope, mfaRecoveryCodes, eq(mfaRecoveryCodes.user_id, userId), isNull(mfaRecoveryCodes.used_at)))
    .get()
    .then((r) => r?.n ?? 0);

export const removeTotp = (scope: Scope, userId: string) =>
  scope.db.batch([
    scope.db.delete(mfaTotp).where(ofTenant(scope, mfaTotp, eq(mfaTotp.user_id, userId))),
    scope.db.delete(mfaRecoveryCodes).where(ofTenant(scope, mfaRecoveryCodes, eq(mfaRecoveryCodes.user_id, userId))),
  ]);

export const createChallenge = (scope: Scope, c: { token_hash: string; user_id: string; expires_at: number }) =>
  scope.db.insert(mfaChallenges).values({ tenant_id: scope.tenantId, ...c });

export const findChallenge = (scope: Scope, tokenHash: string, now: number) =>
  scope.db
    .select()
    .from(mfaChallenges)
    .where(ofTenant(scope, mfaChallenges, eq(mfaChallenges.token_hash, tokenHash), gt(mfaChallenges.expires_at, now)))
    .get();

/** Counts a wrong code against the challenge; at `limit` wrong codes it is gone (sign in again). */
export async function failChallenge(scope: Scope, tokenHash: string, limit: number) {
  await scope.db.batch([
    scope.db
      .update(mfaChallenges)
      .set({ failures: sql`${mfaChallenges.failures} + 1` })
      .where(ofTenant(scope, mfaChallenges, eq(mfaChallenges.token_hash, tokenHash))),
    scope.db.delete(mfaChallenges).where(ofTenant(scope, mfaChallenges, eq(mfaChallenges.token_hash, tokenHash), sql`${mfaChallenges.failures} >= ${limit}`)),
  ]);
}

/** Ends the challenge; true only for the one caller that ended it (a code cannot start two sessions). */
export async function endChallenge(scope: Scope, tokenHash: string) {
  const { meta } = await scope.db
    .delete(mfaChallenges)
    .where(ofTenant(scope, mfaChallenges, eq(mfaChallenges.token_hash, tokenHash)))
    .run();
  return meta.changes > 0;
}
