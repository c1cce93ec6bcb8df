import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { RequestEnv } from "../api/context.ts";
import { isDevelopment } from "../env.ts";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * `__Host-` binds the cookie to this exact host over HTTPS (no Domain, Path=/),
 * so one shop's subdomain can never set or read another's session. Plain HTTP
 * on localhost in development cannot carry Secure cookies, hence a plain name there.
 */
export const secureCookies = <E extends RequestEnv>(c: Context<E>) => !(isDevelopment(c.env) && new URL(c.req.url).protocol === "http:");
export const sessionCookieName = <E extends RequestEnv>(c: Context<E>) => (secureCookies(c) ? "__Host-fq_session" : "fq_session");

export const readSessionToken = <E extends RequestEnv>(c: Context<E>) => getCookie(c, sessionCookieName(c));

export const writeSessionCookie = <E extends RequestEnv>(c: Context<E>, token: string) =>
  setCookie(c, sessionCookieName(c), token, {
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });

export const clearSessionCookie = <E extends RequestEnv>(c: Context<E>) =>
  deleteCookie(c, sessionCookieName(c), { path: "/", secure: secureCookies(c), httpOnly: true, sameSite: "Lax" });

/**
 * A sign-in waiting for its second factor: the challenge token, for a few
 * minutes, on this host only (same rules as the session cookie).
 */
export const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const mfaCookieName = <E extends RequestEnv>(c: Context<E>) => (secureCookies(c) ? "__Host-fq_mfa" : "fq_mfa");

export const readMfaToken = <E extends RequestEnv>(c: Context<E>) => getCookie(c, mfaCookieName(c));

export const writeMfaCookie = <E extends RequestEnv>(c: Context<E>, token: string) =>
  setCookie(c, mfaCookieName(c), token, { httpOnly: true, secure: secureCookies(c), sameSite: "Lax", path: "/", maxAge: MFA_CHALLENGE_TTL_MS / 1000 });

export const clearMfaCookie = <E extends RequestEnv>(c: Context<E>) =>
  deleteCookie(c, mfaCookieName(c), { path: "/", secure: secureCookies(c), httpOnly: true, sameSite: "Lax" });
