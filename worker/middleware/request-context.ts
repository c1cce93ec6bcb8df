import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import { openDb } from "../db/client.ts";
import { isDevelopment } from "../env.ts";
import { bookmarkLabel } from "../db/shards.ts";
import { BOOKMARK_HEADER, CONTROL_DB, carriedBookmarks, formatBookmarks, writeBookmarks } from "./bookmark-cookie.ts";
import { onError } from "./errors.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept, for
 * tracing across partners), a D1 session, and one structured log line.
 * The session starts from the `x-d1-bookmark` header, else the bookmark
 * cookie; a write answers its bookmark in both, so the browser's next page
 * (and the UI's in-process calls, which carry the visitor's cookie) read it.
 * Outside production the answer says how long the Worker spent on it
 * (`Server-Timing: worker;dur=<ms>`, what the benchmarks report as CPU time:
 * docs/decisions/0062-bookmarks-through-pages.md).
 */
function invalidBookmark(value: string) {
  const message = "The x-d1-bookmark header must be a bookmark this API answered earlier, unchanged.";
  return new ApiError("INVALID_REQUEST", message, [{ field: BOOKMARK_HEADER, message, value }]);
}

export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  const clock = performance.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  const carried = carriedBookmarks(c);
  const refused = carried === null;
  c.set("bookmarks", carried ?? new Map());
  c.set("db", openDb(c.env.DB, carried?.get(CONTROL_DB)));
  c.set("tenant", null);
  c.set("scope", null);
  c.set("principal", null);
  // Refused here rather than thrown, so the answer still gets its request id and log line.
  if (refused) c.res = await onError(invalidBookmark(c.req.header(BOOKMARK_HEADER) ?? ""), c);
  else await next();
  // Locally workerd's clock runs while code runs; on Cloudflare it stands still between I/O (a Spectre
  // defence), so there the figure would mean nothing: production has the tail events' cpuTime instead.
  if (isDevelopment(c.env)) c.header("Server-Timing", `worker;dur=${(performance.now() - clock).toFixed(2)}`);
  c.header("X-Request-Id", requestId);
  // A shop's data is on its shard, its settings on the control plane: each database's bookmark is carried
  // under its own name; the header answers the one the request's data came from.
  const shard = c.get("tenant")?.shard;
  const control = c.get("db").bookmark();
  const data = c.get("scope")?.db.bookmark() ?? null;
  const latest = new Map(carried ?? []);
  if (control) latest.set(CONTROL_DB, control);
  if (data && shard !== undefined) latest.set(bookmarkLabel(shard), data);
  const answered = data && shard !== undefined ? bookmarkLabel(shard) : control ? CONTROL_DB : null;
  if (answered) {
    c.header(BOOKMARK_HEADER, formatBookmarks(new Map([[answered, latest.get(answered)!]])));
    if (WRITES.has(c.req.method)) writeBookmarks(c, latest);
  }
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? "error" : "info",
      request_id: requestId,
      tenant_id: c.get("tenant")?.id ?? null,
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
    }),
  );
};
