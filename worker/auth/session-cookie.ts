import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { AppEnv } from "../api/context.ts";
import { isDevelopment } from "../env.ts";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * `__Host-` binds the cookie to this exact host over HTTPS (no Domain, Path=/),
 * so one shop's subdomain can never set or read another's session. Plain HTTP
 * on localhost in development cannot carry Secure cookies, hence a plain name there.
 */
const secure = (c: Context<AppEnv>) => !(isDevelopment(c.env) && new URL(c.req.url).protocol === "http:");
export const sessionCookieName = (c: Context<AppEnv>) => (secure(c) ? "__Host-fq_session" : "fq_session");

export const readSessionToken = (c: Context<AppEnv>) => getCookie(c, sessionCookieName(c));

export const writeSessionCookie = (c: Context<AppEnv>, token: string) =>
  setCookie(c, sessionCookieName(c), token, {
    httpOnly: true,
    secure: secure(c),
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });

export const clearSessionCookie = (c: Context<AppEnv>) =>
  deleteCookie(c, sessionCookieName(c), { path: "/", secure: secure(c), httpOnly: true, sameSite: "Lax" });
