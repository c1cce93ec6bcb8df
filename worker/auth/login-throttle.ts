import { audit, countAuditSince } from "../db/audit.ts";
import type { Scope } from "../db/scope.ts";
import { sha256Hex } from "./tokens.ts";

/**
 * Per-account protection that cannot be turned against the account: only failed sign-ins count,
 * and they slow further failures down instead of refusing the account, so the right password
 * always gets in (the per-IP limit still applies). Failures are kept in the audit log under a hash
 * of the e-mail — unknown e-mails count the same way, so the delay says nothing about which exist.
 * When an account's failures reach NOTIFY_AT within the window, its owner is told (an audit entry
 * `user.login_failures_notice` on the user; no mail is sent by this system).
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const FREE_FAILURES = 5;
export const NOTIFY_AT = 10;
const MAX_DELAY_MS = 2000;

const FAILED = "auth.login_failed";

/** Delay before answering a failure that follows `previous` failures in the window. */
export const failureDelayMs = (previous: number) => (previous < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** (previous - FREE_FAILURES)));

/** Records a failed sign-in, tells the owner when failures pile up, and waits as long as they warrant. */
export async function recordLoginFailure(scope: Scope, email: string, user: { id: string } | null, ip: string, requestId: string) {
  const subject = await sha256Hex(email.toLowerCase());
  const previous = await countAuditSince(scope, FAILED, subject, Date.now() - WINDOW_MS);
  await audit(scope, { actor_type: "guest", actor_id: null, action: FAILED, target_type: "login", target_id: subject, data: { ip }, request_id: requestId });
  if (user && previous + 1 === NOTIFY_AT) {
    await audit(scope, {
      actor_type: "system",
      actor_id: null,
      action: "user.login_failures_notice",
      target_type: "user",
      target_id: user.id,
      data: { failed_attempts: NOTIFY_AT, window_minutes: WINDOW_MS / 60_000, last_ip: ip },
      request_id: requestId,
    });
  }
  const delay = failureDelayMs(previous);
  if (delay > 0) await scheduler.wait(delay);
}
