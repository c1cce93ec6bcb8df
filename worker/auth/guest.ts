import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { RequestEnv } from "../api/context.ts";
import { isDevelopment } from "../env.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

/**
 * A visitor without an account gets a guest session on first upload: an opaque
 * cookie whose hash owns their parts until they sign in and take them along.
 */
const secure = <E extends RequestEnv>(c: Context<E>) => !(isDevelopment(c.env) && new URL(c.req.url).protocol === "http:");
const name = <E extends RequestEnv>(c: Context<E>) => (secure(c) ? "__Host-fq_guest" : "fq_guest");
const GUEST_TTL_S = 30 * 24 * 3600;

/** Sessions started during a request, so later callers in the same request get the same one. */
const started = new WeakMap<Request, string>();

export async function guestSessionHash<E extends RequestEnv>(c: Context<E>, create: boolean): Promise<string | null> {
  let token = getCookie(c, name(c)) ?? started.get(c.req.raw);
  if (!token && !create) return null;
  if (!token) {
    token = randomToken();
    started.set(c.req.raw, token);
    setCookie(c, name(c), token, { httpOnly: true, secure: secure(c), sameSite: "Lax", path: "/", maxAge: GUEST_TTL_S });
  }
  return sha256Hex(token);
}

export const clearGuestSession = <E extends RequestEnv>(c: Context<E>) => deleteCookie(c, name(c), { path: "/", secure: secure(c) });
