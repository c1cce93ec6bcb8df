import type { BatchItem } from "drizzle-orm/batch";
import type { Role } from "./permissions.ts";
import { hashPassword } from "./passwords.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import { audit, type AuditEntry } from "../db/audit.ts";
import { insertPasswordTokenStatement } from "../db/password-tokens.ts";
import type { Scope } from "../db/scope.ts";
import { insertUserStatement } from "../db/users.ts";

/** How long an invitation's one-time link lives. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const SET_PASSWORD_PATH = "/api/v1/auth/set-password";

export interface Invitation {
  token: string;
  /** The page that sets the password: the token rides in the fragment, which never reaches a server's logs. */
  page_path: string;
  expires_at: number;
}

type Actor = Pick<AuditEntry, "actor_type" | "actor_id" | "request_id"> & { data?: Record<string, unknown> };

/**
 * A one-time set-password link for an invited person, with its audit row: the
 * statements to commit in the caller's batch. The one invitation mechanism: a
 * company admin's (POST /company/members), a partner's
 * `customer.portal_access_requested` and the shop's own staff (POST /staff)
 * all invite through here.
 */
export async function invitationStatements(
  scope: Scope,
  userId: string,
  actor: Actor,
  now = Date.now(),
): Promise<{ statements: BatchItem<"sqlite">[]; invitation: Invitation }> {
  const token = randomToken();
  const expires_at = now + INVITATION_TTL_MS;
  return {
    statements: [
      insertPasswordTokenStatement(scope, { token_hash: await sha256Hex(token), user_id: userId, expires_at }),
      audit(scope, { ...actor, action: "user.invited", target_type: "user", target_id: userId }),
    ],
    invitation: { token, page_path: `/welcome#token=${encodeURIComponent(token)}`, expires_at },
  };
}

/** A password hash nobody knows the password of: an invited member signs in once they set their own with the invitation. */
export const unknownPasswordHash = () => hashPassword(randomToken());

/**
 * A new member of a company, or of the shop's staff when `customer_id` is null
 * (with unknownPasswordHash until they accept their invitation).
 */
export const newMemberStatement = (
  scope: Scope,
  member: { id: string; email: string; name?: string | null; role: Role; customer_id: string | null; password_hash: string },
) => insertUserStatement(scope, { ...member, name: member.name ?? member.email.split("@")[0] });
