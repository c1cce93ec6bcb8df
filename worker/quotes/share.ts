import type { Quote } from "../db/quotes.ts";
import type { Viewer } from "../db/viewer.ts";
import { b64url, linkKey, verifySignature } from "../drawings/links.ts";
import type { SecretKeys } from "../webhooks/secrets.ts";

/**
 * A guest's share link: `{share_version}.{HMAC}` over the tenant, the quote and
 * the version, signed with its own HKDF label of the download-link key
 * derivation. It does not expire (a guest keeps a saved quote for as long as
 * the shop does); revoking bumps `share_version`, so every earlier link fails.
 */
const LABEL = "fabquote.quote-share.v1";
const message = (tenantId: string, quoteId: string, version: number) => new TextEncoder().encode([LABEL, tenantId, quoteId, String(version)].join("\n"));

export async function shareToken(env: SecretKeys, tenantId: string, quote: Pick<Quote, "id" | "share_version">): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await linkKey(env, LABEL), message(tenantId, quote.id, quote.share_version));
  return `${quote.share_version}.${b64url(signature)}`;
}

/** True when `token` is this quote's current share link (not tampered with, not revoked). */
export async function validShareToken(env: SecretKeys, tenantId: string, quote: Pick<Quote, "id" | "share_version">, token: string): Promise<boolean> {
  const [version, signature, ...rest] = token.split(".");
  if (rest.length > 0 || !signature || version !== String(quote.share_version)) return false;
  return verifySignature(await linkKey(env, LABEL), message(tenantId, quote.id, quote.share_version), signature);
}

/** Only the guest who saved the quote with an e-mail gets its share link (signed-in owners sign in anywhere). */
export const sharesWith = (quote: Pick<Quote, "guest_session_hash" | "contact_email">, viewer: Viewer) =>
  viewer.kind === "guest" && quote.guest_session_hash === viewer.sessionHash && quote.contact_email !== null;

/** The page that opens the quote; the token rides in the fragment, so it is neither logged nor sent as Referer. */
export const shareUrl = (origin: string, quoteId: string, token: string) => `${origin}/quotes/${quoteId}/open#share=${token}`;
