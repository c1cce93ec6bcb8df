import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { RequestEnv } from "../api/context.ts";
import { secureCookies } from "../auth/session-cookie.ts";

/**
 * The D1 bookmarks a client carries between requests, so the page after a write reads at least what
 * was written even from a read replica (docs/decisions/0062-bookmarks-through-pages.md). A bookmark
 * belongs to one database, so each is carried under its database's name (worker/db/shards.ts
 * `bookmarkLabel`: `c` for the control plane, `s{n}` for data shard n): `c:<b1>|s2:<b2>` in the
 * cookie, and in the `x-d1-bookmark` header, which answers the one database the request read.
 */

/** The control plane's (`DB`) name among the entries. */
export const CONTROL_DB = "c";
export const BOOKMARK_HEADER = "x-d1-bookmark";

/** Replicas trail the primary by far less than this; past it the cookie only costs bytes. */
export const BOOKMARK_TTL_S = 120;

/** D1 bookmarks are opaque hex groups joined by hyphens; anything else is not passed to D1. */
const BOOKMARK = /^[0-9a-f][0-9a-f-]{6,126}[0-9a-f]$/i;
const DB_NAME = /^[a-z0-9_]{1,32}$/;

export const isBookmark = (value: string) => BOOKMARK.test(value);

const cookieName = <E extends RequestEnv>(c: Context<E>) => (secureCookies(c) ? "__Host-fq_d1" : "fq_d1");

/** Whether a Set-Cookie line is this cookie (either name), for the UI to pass it on to the browser. */
export const isBookmarkCookie = (setCookie: string) => /^(__Host-)?fq_d1=/.test(setCookie);

/** `c:<bookmark>|…` → database name → bookmark; a malformed entry is dropped (it only costs freshness). */
export function parseBookmarks(value: string | undefined): Map<string, string> {
  const bookmarks = new Map<string, string>();
  for (const entry of value?.split("|") ?? []) {
    const at = entry.indexOf(":");
    const db = entry.slice(0, at);
    const bookmark = entry.slice(at + 1);
    if (at > 0 && DB_NAME.test(db) && isBookmark(bookmark)) bookmarks.set(db, bookmark);
  }
  return bookmarks;
}

export const formatBookmarks = (bookmarks: ReadonlyMap<string, string>) => [...bookmarks].map(([db, bookmark]) => `${db}:${bookmark}`).join("|");

export const readBookmarks = <E extends RequestEnv>(c: Context<E>) => parseBookmarks(getCookie(c, cookieName(c)));

/** Host-only (no Domain): a shop's bookmarks never travel to another shop's host. */
export const writeBookmarks = <E extends RequestEnv>(c: Context<E>, bookmarks: ReadonlyMap<string, string>) =>
  setCookie(c, cookieName(c), formatBookmarks(bookmarks), {
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: "Lax",
    path: "/",
    maxAge: BOOKMARK_TTL_S,
  });

/**
 * The bookmarks the request carries: the header's (an API client, or the UI within one page) win over
 * the cookie's. Null when a header was sent and none of it is a bookmark this API answered.
 */
export function carriedBookmarks<E extends RequestEnv>(c: Context<E>): Map<string, string> | null {
  const sent = c.req.header(BOOKMARK_HEADER);
  if (sent === undefined) return readBookmarks(c);
  const parsed = parseBookmarks(sent);
  return parsed.size > 0 ? parsed : null;
}
