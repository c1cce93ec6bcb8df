import type { Env } from "../env.ts";
import { acceptStep, findTotp, spendRecoveryCode } from "../db/mfa.ts";
import type { Scope } from "../db/scope.ts";
import { decryptSecret, encryptSecret } from "../webhooks/secrets.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import { totpStep } from "./totp.ts";

/** Recovery codes given at enrolment: each signs in once when the phone is lost. */
const RECOVERY_CODES = 10;

/** The form a recovery code is shown in (`k7qz-m2xw-p9`); typed in any case, with or without dashes. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

export function newRecoveryCodes() {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomToken(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .padEnd(10, "0")
      .slice(0, 10);
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
}

export const recoveryCodeHash = (code: string) => sha256Hex(normaliseRecoveryCode(code));

const secretContext = (scope: Scope) => ({ tenantId: scope.tenantId, purpose: "totp_secret" as const });
export const sealTotpSecret = (env: Env, scope: Scope, secret: string) => encryptSecret(env, secretContext(scope), secret);
export const openTotpSecret = (env: Env, scope: Scope, sealed: string) => decryptSecret(env, secretContext(scope), sealed);

/**
 * Checks a second factor of a user with confirmed enrolment: a current
 * authenticator code, taken once (its time step must be after the last one
 * accepted), or an unused recovery code, used up.
 */
export async function checkSecondFactor(env: Env, scope: Scope, userId: string, code: string, now: number): Promise<"totp" | "recovery" | null> {
  const totp = await findTotp(scope, userId);
  if (!totp?.confirmed_at) return null;
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) {
    const step = totpStep(await openTotpSecret(env, scope, totp.secret_enc), digits, now);
    return step !== null && (await acceptStep(scope, userId, step)) ? "totp" : null;
  }
  return (await spendRecoveryCode(scope, userId, await recoveryCodeHash(code))) ? "recovery" : null;
}
