import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Viewer } from "../db/viewer.ts";
import { holderOf, LINK_TTL_MS, signLink, verifyLink } from "../drawings/links.ts";
import { scopeOf } from "../middleware/tenant.ts";
import type { TenantEnv } from "./context.ts";
import { ApiError } from "./errors.ts";

/**
 * Download links signed for their holder on a route that also answers its callers directly
 * (decision 72): the signature is the mechanism of drawings/links.ts (decision 57), the same
 * HMAC over (tenant, file, version of its bytes, expiry, holder).
 */

/** What a link names: the file and the version of its bytes, so a link never serves other bytes. */
export interface LinkSubject {
  documentId: string;
  revision: string;
}

export const SignedLinkQuery = z.object({
  expires: z.coerce.number().int().optional().openapi({ description: "From a `download_url`: when the link stops working (ms since the epoch)" }),
  signature: z.string().max(200).optional().openapi({ description: "From a `download_url`: signed for whoever the link was made for" }),
});

/**
 * Who a link is for: a signed-in person or key, or a guest by its guest session
 * (the cookie that opens the link in a new tab is the one it was made for).
 */
function holderFor(c: Context<TenantEnv>, viewer: Viewer): string | null {
  const principal = c.get("principal");
  if (principal) return holderOf(principal);
  return viewer.kind === "guest" ? `guest:${viewer.sessionHash}` : null;
}

/** `path` with a signature for the caller, good for LINK_TTL_MS. */
export async function signedPath(c: Context<TenantEnv>, viewer: Viewer, path: string, subject: LinkSubject): Promise<string | null> {
  const holder = holderFor(c, viewer);
  if (!holder) return null;
  const expires = Date.now() + LINK_TTL_MS;
  const signature = await signLink(c.env, { tenantId: scopeOf(c).tenantId, ...subject, expires, holder });
  return `${path}?${new URLSearchParams({ expires: String(expires), signature })}`;
}

/**
 * Checks the signed link a request carries, after the caller was found to see the file (a 404
 * comes first): 400 naming a missing half, 403 for a link made for someone else or altered,
 * 403 once expired. False when the request carries no link (the route's own authority applies).
 */
export async function checkSignedLink(
  c: Context<TenantEnv>,
  viewer: Viewer,
  subject: LinkSubject,
  query: z.infer<typeof SignedLinkQuery>,
  renew: string,
): Promise<boolean> {
  const { expires, signature } = query;
  if (expires === undefined && signature === undefined) return false;
  if (expires === undefined || signature === undefined) {
    const field = expires === undefined ? "expires" : "signature";
    throw new ApiError("INVALID_REQUEST", `A download link carries expires and signature; ${renew}`, [{ field, message: "is required" }]);
  }
  const forbidden = (why: string) => new ApiError("FORBIDDEN", `This download link ${why}; ${renew}`);
  const holder = holderFor(c, viewer);
  if (!holder || !(await verifyLink(c.env, { tenantId: scopeOf(c).tenantId, ...subject, expires, holder }, signature))) throw forbidden("is not valid for you");
  if (expires < Date.now()) throw forbidden("has expired");
  return true;
}
