import { Secret, TOTP } from "otpauth";

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them:
 * SHA-1, 6 digits, 30 s steps. A code is accepted for the current step and
 * one step either side (clock drift); the caller stores the step it was
 * accepted for and refuses any step not after it, so a code works once.
 */
const PERIOD = 30;

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

const totp = (secret: string, issuer = "", label = "") =>
  new TOTP({ issuer, label, secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: PERIOD });

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export const otpauthUri = (secret: string, issuer: string, account: string) => totp(secret, issuer, account).toString();

/** The time step `code` is valid for at `now`, or null when it is not a current code. */
export function totpStep(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}
